// A real single-node Kubernetes cluster on this machine, for tests about pods and packets: the local
// control plane plus kube-controller-manager and kube-scheduler on the host, and containerd (Debian's,
// with runc), kubelet, kube-router's NetworkPolicy controller and kube-proxy inside a network and
// mount namespace of the node's own. Mounts, pod namespaces, veths, iptables chains and ipsets all
// live in those namespaces; the node's processes live in one cgroup tree; tear-down kills that tree
// and deletes the namespaces (node-host.ts), so nothing is left on the host.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, RbacAuthorizationV1Api, type V1Node } from '@kubernetes/client-node';
import { ensureBinaries } from '../binaries.js';
import { writeKubeconfig } from '../cluster-access.js';
import { KUBELET_CLIENT_USER, LocalControlPlane } from '../control-plane.js';
import { ManagedProcess } from '../managed-process.js';
import { CONTAINERD_SOCKET_IN_NODE, containerdConfig, cniConfList, kubeletConfig, type NodePaths } from './node-configs.js';
import { ensureNodeBinaries, type NodeBinaries } from './node-binaries.js';
import { claimSlot, createNodeCgroups, createNodeNetwork, sweepStaleSlots, teardownSlot } from './node-host.js';
import { agnhostImage, pauseImage, type BuiltImage } from './node-images.js';
import { KUBERNETES_SERVICE_IP, NODE_NAME, SERVICE_CIDR, type NodePlan } from './node-plan.js';

export interface NodeClusterOptions {
  /** Where the run keeps its files; a fresh temp dir by default (removed on stop). */
  readonly runDir?: string;
  /** More images to import into containerd before the node starts. */
  readonly images?: readonly BuiltImage[];
  readonly readyTimeoutMs?: number;
  /** Progress lines (start-up takes seconds; a cold image build minutes). */
  readonly progress?: (line: string) => void;
}

/** What a test needs to reach the node's pods from outside the cluster's API. */
export interface NodeInfo {
  readonly slot: number;
  readonly runDir: string;
  readonly nodeNetns: string;
  readonly outsideNetns: string;
  readonly outsideIp: string;
  readonly podCidr: string;
  readonly nodeIp: string;
  readonly containerdSocket: string;
  readonly agnhost: string;
  readonly ctr: string;
  /** Seconds from the start call to the node being Ready. */
  readonly startSeconds: number;
}

const BIND_SCRIPT = [
  // Inside the node's own mount namespace: its fixed paths (/run/containerd, /var/lib/cni,
  // /var/log/containers, pod network namespaces) land in the run directory, never on the host.
  'set -e',
  'for d in run var-lib var-log; do mkdir -p "$RUN/fs/$d"; done',
  'mount --bind "$RUN/fs/run" /run',
  'mount --bind "$RUN/fs/var-lib" /var/lib',
  'mount --bind "$RUN/fs/var-log" /var/log',
  'exec sleep infinity',
].join('\n');

export class NodeCluster {
  readonly plane: LocalControlPlane;
  readonly plan: NodePlan;
  readonly binaries: NodeBinaries;
  readonly paths: NodePaths;
  private readonly fixedInfo: NodeInfo;
  private startSeconds = 0;
  private readonly ownsRunDir: boolean;
  private readonly processes: ManagedProcess[] = [];

  private constructor(plane: LocalControlPlane, plan: NodePlan, binaries: NodeBinaries, paths: NodePaths, info: NodeInfo, ownsRunDir: boolean) {
    this.plane = plane;
    this.plan = plan;
    this.binaries = binaries;
    this.paths = paths;
    this.fixedInfo = info;
    this.ownsRunDir = ownsRunDir;
  }

  get info(): NodeInfo {
    return { ...this.fixedInfo, startSeconds: this.startSeconds };
  }

  static async start(options: NodeClusterOptions = {}): Promise<NodeCluster> {
    const started = Date.now();
    const progress = options.progress ?? ((): void => undefined);
    const controlPlaneBinaries = ensureBinaries();
    const binaries = ensureNodeBinaries();
    const cleaned = await sweepStaleSlots();
    if (cleaned.length > 0) progress(`removed what earlier runs left in node slot(s) ${cleaned.join(', ')}`);
    progress('images (built offline on a cache miss)');
    const images = [pauseImage(), agnhostImage(binaries.agnhost), ...(options.images ?? [])];

    const ownsRunDir = options.runDir === undefined;
    const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), 'tnc-node-'));
    mkdirSync(join(runDir, 'logs'), { recursive: true });
    const plan = claimSlot(runDir);
    let plane: LocalControlPlane | undefined;
    let cluster: NodeCluster | undefined;
    try {
      createNodeNetwork(plan);
      const procsFile = createNodeCgroups(plan);
      progress(`control plane on ${plan.hostIp} (node slot ${plan.slot})`);
      plane = await LocalControlPlane.start({
        rootDir: join(runDir, 'control-plane'),
        binaries: controlPlaneBinaries,
        bindAddress: plan.hostIp,
        servingIpAddresses: [KUBERNETES_SERVICE_IP],
        forNode: true,
        cgroupProcs: procsFile,
        apiserverArgs: [`--service-cluster-ip-range=${SERVICE_CIDR}`],
      });
      const paths: NodePaths = {
        runDir,
        containerdSocket: join(runDir, 'fs', CONTAINERD_SOCKET_IN_NODE),
        cniBinDir: binaries.cniDir,
        cniConfDir: join(runDir, 'cni', 'net.d'),
        clientCaFile: plane.certificateFiles.clientCa,
        kubeletRootDir: join(runDir, 'kubelet'),
      };
      const info: NodeInfo = {
        slot: plan.slot,
        runDir,
        nodeNetns: plan.nodeNetns,
        outsideNetns: plan.outsideNetns,
        outsideIp: plan.outsideIp,
        podCidr: plan.podCidr,
        nodeIp: plan.nodeIp,
        containerdSocket: paths.containerdSocket,
        agnhost: binaries.agnhost,
        ctr: binaries.ctr,
        startSeconds: 0,
      };
      cluster = new NodeCluster(plane, plan, binaries, paths, info, ownsRunDir);
      await cluster.boot(procsFile, images, options.readyTimeoutMs ?? 120_000, progress);
      cluster.startSeconds = (Date.now() - started) / 1000;
      return cluster;
    } catch (err) {
      if (cluster !== undefined) await cluster.stop();
      else {
        await plane?.stop();
        await teardownSlot(plan, ownsRunDir ? runDir : undefined);
      }
      throw err;
    }
  }

  get kubeconfigPath(): string {
    return this.plane.kubeconfigPath;
  }

  private log(name: string): string {
    return join(this.paths.runDir, 'logs', `${name}.log`);
  }

  /** Starts a program with its pid in the node's cgroup (so tear-down finds it and its children). */
  private launch(name: string, procsFile: string, argv: readonly string[]): ManagedProcess {
    const process = ManagedProcess.start(name, 'sh', ['-c', `echo $$ > ${procsFile} && exec "$0" "$@"`, ...argv], this.log(name));
    this.processes.push(process);
    return process;
  }

  /** Runs a program inside the node's network and mount namespaces. */
  private launchInNode(name: string, procsFile: string, holderPid: number, argv: readonly string[]): ManagedProcess {
    return this.launch(name, procsFile, ['nsenter', `--target=${holderPid}`, '--mount', '--net', '--', ...argv]);
  }

  private async boot(procsFile: string, images: readonly BuiltImage[], readyTimeoutMs: number, progress: (line: string) => void): Promise<void> {
    const { paths, plan, binaries, plane } = this;
    for (const dir of [paths.cniConfDir, paths.kubeletRootDir, join(paths.runDir, 'pod-logs')]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(paths.runDir, 'containerd.toml'), containerdConfig(paths, images[0]?.reference ?? ''));
    writeFileSync(join(paths.cniConfDir, '10-tnc-node.conflist'), cniConfList(plan, paths));
    writeFileSync(join(paths.runDir, 'kubelet-config.json'), kubeletConfig(plan, paths));
    writeKubeconfig(await plane.access.userKubeConfig(`system:node:${NODE_NAME}`, ['system:nodes']), join(paths.runDir, 'kubelet.kubeconfig'));
    writeFileSync(join(paths.runDir, 'serving-ca.crt'), plane.access.state.serverCaPem);
    const admin = plane.kubeconfigPath;

    // The apiserver's calls to the kubelet (exec, logs) are authorized like any other user's.
    await plane.access.adminKubeConfig().makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
      body: {
        metadata: { name: 'tnc-apiserver-kubelet-client' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kubelet-api-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: KUBELET_CLIENT_USER }],
      },
    });

    const holder = this.launch('node-namespace', procsFile, [
      'nsenter', `--net=/run/netns/${plan.nodeNetns}`, '--',
      'unshare', '--mount', '--propagation', 'private', '--', 'env', `RUN=${paths.runDir}`, 'sh', '-c', BIND_SCRIPT,
    ]);
    const holderPid = await waitFor('the node namespace holder', 10_000, () => {
      const pid = holder.pid;
      if (!holder.running) throw new Error(`node namespace holder exited; see ${this.log('node-namespace')}`);
      return pid !== undefined && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep' ? pid : undefined;
    });

    progress('containerd');
    const containerd = this.launchInNode('containerd', procsFile, holderPid, [binaries.containerd, '--config', join(paths.runDir, 'containerd.toml')]);
    await waitFor('containerd', 30_000, () => {
      if (!containerd.running) throw new Error(`containerd exited; see ${this.log('containerd')}`);
      return existsSync(paths.containerdSocket) ? true : undefined;
    });
    for (const image of images) await this.ctr(['images', 'import', '--no-unpack=false', image.archive]);

    progress('kube-controller-manager, kube-scheduler, kubelet');
    this.launch('kube-controller-manager', procsFile, [binaries.kubeControllerManager,
      `--kubeconfig=${admin}`, `--root-ca-file=${join(paths.runDir, 'serving-ca.crt')}`,
      `--service-account-private-key-file=${plane.certificateFiles.saKey}`, '--use-service-account-credentials=false',
      '--leader-elect=false', '--secure-port=0', '--controllers=*,-nodeipam,-bootstrapsigner,-tokencleaner',
      `--cluster-cidr=${plan.podCidr}`, `--service-cluster-ip-range=${SERVICE_CIDR}`, '--v=1']);
    this.launch('kube-scheduler', procsFile, [binaries.kubeScheduler, `--kubeconfig=${admin}`, '--leader-elect=false', '--secure-port=0', '--v=1']);
    this.launchInNode('kubelet', procsFile, holderPid, [binaries.kubelet,
      `--config=${join(paths.runDir, 'kubelet-config.json')}`, `--kubeconfig=${join(paths.runDir, 'kubelet.kubeconfig')}`,
      `--root-dir=${paths.kubeletRootDir}`, `--hostname-override=${NODE_NAME}`, `--node-ip=${plan.nodeIp}`, '--v=1']);
    const core = plane.access.adminKubeConfig().makeApiClient(CoreV1Api);
    // The enforcer and the service proxy find their node by name: start them once it is registered.
    await waitFor(`node ${NODE_NAME} registered`, readyTimeoutMs, async () => {
      this.checkRunning();
      return core.readNode({ name: NODE_NAME }).then(() => true, () => undefined);
    });
    progress('kube-router, kube-proxy');
    this.launchInNode('kube-router', procsFile, holderPid, [binaries.kubeRouter,
      `--kubeconfig=${admin}`, `--hostname-override=${NODE_NAME}`, '--run-firewall=true', '--run-router=false',
      '--run-service-proxy=false', '--metrics-port=0', '--health-port=0', '--v=1']);
    this.launchInNode('kube-proxy', procsFile, holderPid, [binaries.kubeProxy,
      `--kubeconfig=${admin}`, `--hostname-override=${NODE_NAME}`, '--proxy-mode=iptables', `--cluster-cidr=${plan.podCidr}`,
      '--conntrack-max-per-core=0', '--metrics-bind-address=127.0.0.1:10249', '--healthz-bind-address=127.0.0.1:10256', '--v=1']);

    progress('waiting for the node to be Ready');
    await waitFor(`node ${NODE_NAME} Ready`, readyTimeoutMs, async () => {
      this.checkRunning();
      let node: V1Node;
      try {
        node = await core.readNode({ name: NODE_NAME });
      } catch {
        return undefined;
      }
      return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? true : undefined;
    });
    // Pods are admitted only once their namespace's default ServiceAccount exists.
    await waitFor('the default ServiceAccount', 30_000, async () => {
      this.checkRunning();
      try {
        await core.readNamespacedServiceAccount({ namespace: 'default', name: 'default' });
        return true;
      } catch {
        return undefined;
      }
    });
  }

  private checkRunning(): void {
    for (const p of this.processes) {
      if (!p.running) throw new Error(`${p.name} exited; see ${this.log(p.name)}`);
    }
  }

  /** Runs ctr against the node's containerd (its socket is a file in the run directory). */
  async ctr(args: readonly string[]): Promise<string> {
    return runCommand(this.binaries.ctr, ['--address', this.paths.containerdSocket, '--namespace', 'k8s.io', ...args]);
  }

  /** The pids of the node's components, e.g. for memory figures. */
  componentPids(): ReadonlyMap<string, number> {
    return new Map(this.processes.flatMap((p) => (p.pid === undefined ? [] : [[p.name, p.pid] as const])));
  }

  async stop(): Promise<void> {
    // In reverse start order: the enforcers and kubelet before containerd and the namespace holder.
    for (const p of [...this.processes].reverse()) await p.stop(5_000);
    await this.plane.stop();
    // Shims, containers and anything else still in the node's cgroup; then namespaces and files.
    await teardownSlot(this.plan, this.ownsRunDir ? this.paths.runDir : undefined);
  }
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function runCommand(command: string, args: readonly string[], options: { readonly input?: string; readonly timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer !== undefined) clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim() || stdout.trim()}`));
    });
    child.stdin.end(options.input ?? '');
  });
}
