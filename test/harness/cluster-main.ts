// `make cluster-up` runs this in the background: a local control plane under .local/ that lives until
// SIGTERM/SIGINT (`make cluster-down`), with kubectl and helm linked into .local/bin.
import { mkdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalControlPlane } from './control-plane.js';

const localDir = resolve(process.argv[2] ?? '.local');
const clusterDir = join(localDir, 'cluster');
const binDir = join(localDir, 'bin');
const kubeconfig = join(localDir, 'kubeconfig');
const readyFile = join(localDir, 'cluster.ready');

rmSync(clusterDir, { recursive: true, force: true });
rmSync(readyFile, { force: true });
mkdirSync(clusterDir, { recursive: true });
mkdirSync(binDir, { recursive: true });

const started = Date.now();
const plane = await LocalControlPlane.start({ rootDir: clusterDir });
for (const [name, target] of Object.entries({ kubectl: plane.binaries.kubectl, helm: plane.binaries.helm, etcd: plane.binaries.etcd, 'kube-apiserver': plane.binaries.kubeApiserver })) {
  rmSync(join(binDir, name), { force: true });
  symlinkSync(target, join(binDir, name));
}
copyFileSync(plane.kubeconfigPath, kubeconfig);
plane.access.writeStateFile(join(localDir, 'cluster.json'));
writeFileSync(readyFile, `${plane.access.serverUrl}\n`);
process.stdout.write(`control plane ready at ${plane.access.serverUrl} in ${Date.now() - started} ms (pids ${plane.pids().join(' ')})\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping control plane\n`);
  await plane.stop();
  for (const path of [readyFile, kubeconfig, join(localDir, 'cluster.json'), clusterDir]) rmSync(path, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
// Keep the event loop alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
