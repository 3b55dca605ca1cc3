// The test node's configuration files, rendered from its plan and run directory. Pure: node-cluster.ts
// writes them. Each setting that differs from a stock node says why (this VM, or a test that must be
// repeatable).
import type { NodePlan } from './node-plan.js';

/**
 * containerd's socket where kubelet (and its cAdvisor, which looks nowhere else) expects it: inside
 * the node's mount namespace, where /run is the run directory's fs/run.
 */
export const CONTAINERD_SOCKET_IN_NODE = '/run/containerd/containerd.sock';

export interface NodePaths {
  readonly runDir: string;
  /** The same socket seen from the host (for ctr). */
  readonly containerdSocket: string;
  readonly cniBinDir: string;
  readonly cniConfDir: string;
  readonly clientCaFile: string;
  readonly kubeletRootDir: string;
}

export function containerdConfig(paths: NodePaths, sandboxImage: string): string {
  return `version = 2
root = "${paths.runDir}/containerd/root"
state = "${paths.runDir}/containerd/state"
# Snapshotters this VM cannot run only add noise to the log.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "${CONTAINERD_SOCKET_IN_NODE}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${paths.runDir}/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${sandboxImage}"
  # Root here lacks CAP_SYS_RESOURCE: without this every sandbox fails to start.
  restrict_oom_score_adj = true
  # Pod network namespaces under the run's state, not the host's /run/netns.
  netns_mounts_under_state_dir = true
  enable_selinux = false
  disable_apparmor = true
  max_container_log_line_size = 16384

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${paths.cniBinDir}"
    conf_dir = "${paths.cniConfDir}"
    max_conf_num = 1

  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${paths.runDir}/runc"
`;
}

/**
 * ptp gives every pod its own routed veth, so all pod-to-pod traffic crosses the node's FORWARD
 * chain where the NetworkPolicy enforcer filters it; bandwidth shapes the pod's veth from the
 * kubernetes.io/{ingress,egress}-bandwidth annotations.
 */
export function cniConfList(plan: NodePlan, paths: NodePaths): string {
  return `${JSON.stringify({
    cniVersion: '1.0.0',
    name: 'tnc-node',
    plugins: [
      {
        type: 'ptp',
        ipMasq: false,
        mtu: 1500,
        ipam: { type: 'host-local', ranges: [[{ subnet: plan.podCidr }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: `${paths.runDir}/cni/ipam` },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'bandwidth', capabilities: { bandwidth: true } },
    ],
  }, null, 2)}\n`;
}

export function kubeletConfig(plan: NodePlan, paths: NodePaths): string {
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    // This VM: cgroup v1 without systemd, and swap may be on.
    cgroupDriver: 'cgroupfs',
    failCgroupV1: false,
    failSwapOn: false,
    // The node's pods live under a cgroup of this run, so tear-down finds every process.
    cgroupRoot: `/${plan.cgroup}`,
    containerRuntimeEndpoint: `unix://${CONTAINERD_SOCKET_IN_NODE}`,
    address: plan.nodeIp,
    port: 10250,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort: 10248,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: paths.clientCaFile } },
    authorization: { mode: 'Webhook' },
    // Images come from no registry: one that is collected can never be pulled again.
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    // A busy test machine must not evict the pods under test.
    evictionHard: { 'memory.available': '50Mi', 'nodefs.available': '1%', 'nodefs.inodesFree': '1%', 'imagefs.available': '1%' },
    podLogsDir: `${paths.runDir}/pod-logs`,
    serializeImagePulls: false,
    maxPods: 250,
    kubeAPIQPS: 50,
    kubeAPIBurst: 100,
    nodeStatusUpdateFrequency: '4s',
    // Pods answer status changes quickly, and a deleted pod is gone quickly.
    syncFrequency: '10s',
    shutdownGracePeriod: '0s',
    resolvConf: '',
    protectKernelDefaults: false,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
