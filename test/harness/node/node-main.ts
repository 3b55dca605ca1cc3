// `make node-up` runs this in the background: a real single-node cluster (node-cluster.ts) under
// .local/ that lives until SIGTERM/SIGINT/SIGHUP (`make node-down`), with kubectl and helm linked into
// .local/bin and the admin kubeconfig at .local/kubeconfig.
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeCluster } from './node-cluster.js';

const localDir = resolve(process.argv[2] ?? '.local');
const runDir = join(localDir, 'node');
const binDir = join(localDir, 'bin');
const kubeconfig = join(localDir, 'kubeconfig');
const readyFile = join(localDir, 'node.ready');

rmSync(runDir, { recursive: true, force: true });
rmSync(readyFile, { force: true });
mkdirSync(runDir, { recursive: true });
mkdirSync(binDir, { recursive: true });

/** Resident memory of a process in MiB, from /proc. */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024;
}

const node = await NodeCluster.start({ runDir, progress: (line) => process.stdout.write(`[node] ${line}\n`) });
for (const [name, target] of Object.entries({ kubectl: node.plane.binaries.kubectl, helm: node.plane.binaries.helm })) {
  rmSync(join(binDir, name), { force: true });
  symlinkSync(target, join(binDir, name));
}
copyFileSync(node.kubeconfigPath, kubeconfig);
writeFileSync(join(localDir, 'node.json'), JSON.stringify({ access: node.plane.access.state, node: node.info }));
const memory = [...node.componentPids()].filter(([name]) => ['kubelet', 'containerd', 'kube-router', 'kube-proxy'].includes(name)).map(([name, pid]) => `${name} ${rssMiB(pid).toFixed(0)} MiB`);
writeFileSync(readyFile, `${node.plane.access.serverUrl}\n`);
process.stdout.write(`node ${node.info.nodeNetns} Ready in ${node.info.startSeconds.toFixed(1)} s; apiserver ${node.plane.access.serverUrl}; ${memory.join(', ')}\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping the node\n`);
  await node.stop();
  for (const path of [readyFile, kubeconfig, join(localDir, 'node.json'), runDir]) rmSync(path, { recursive: true, force: true });
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
setInterval(() => undefined, 1 << 30);
