// Where the real node's programs come from: the Kubernetes node binaries, agnhost, the CNI plugins and
// kube-router built by test/tools/build-binaries.sh (on a cache miss), and Debian's containerd, runc,
// iptables and ipset, which `.ci/run` and `make node-deps` install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBinaries } from '../binaries.js';

export const K8S_VERSION = 'v1.36.3';
export const TOOLS_MODULE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'controlplane');

export function cacheRoot(): string {
  return process.env.TNC_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tenant-network-controller');
}

export interface NodeBinaries {
  readonly kubelet: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kubeProxy: string;
  readonly agnhost: string;
  readonly kubeRouter: string;
  readonly cniDir: string;
  readonly containerd: string;
  readonly ctr: string;
}

/** The Debian packages a node needs, and the command each provides. */
export const NODE_PACKAGES: Readonly<Record<string, string>> = { containerd: 'containerd', runc: 'runc', iptables: 'iptables', ipset: 'ipset', iperf3: 'iperf3', conntrack: 'conntrack', 'tini-static': 'tini' };

function which(command: string): string | undefined {
  try {
    return execFileSync('bash', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function ensureNodeBinaries(): NodeBinaries {
  const missing = Object.entries(NODE_PACKAGES).filter(([command]) => which(command) === undefined).map(([, pkg]) => pkg);
  if (missing.length > 0) throw new Error(`the test node needs Debian packages: ${missing.join(' ')} (run \`make node-deps\`)`);
  const dirs = buildBinaries('node');
  const bin = dirs.get('controlplane') ?? '';
  const node = dirs.get('node') ?? '';
  const binaries: NodeBinaries = {
    kubelet: join(bin, 'kubelet'),
    kubeControllerManager: join(bin, 'kube-controller-manager'),
    kubeScheduler: join(bin, 'kube-scheduler'),
    kubeProxy: join(bin, 'kube-proxy'),
    agnhost: join(bin, 'agnhost'),
    kubeRouter: join(node, 'kube-router'),
    cniDir: join(node, 'cni'),
    containerd: which('containerd') ?? '',
    ctr: which('ctr') ?? '',
  };
  for (const path of [binaries.kubelet, binaries.kubeControllerManager, binaries.kubeScheduler, binaries.kubeProxy, binaries.agnhost, binaries.kubeRouter, join(binaries.cniDir, 'ptp')]) {
    if (!existsSync(path)) throw new Error(`node binary missing: ${path} (run test/tools/build-binaries.sh node)`);
  }
  return binaries;
}
