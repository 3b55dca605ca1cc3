// Finds the control-plane binaries: TNC_BIN_DIR if set, otherwise the per-version cache that
// test/tools/build-binaries.sh fills (building on a miss).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Binaries {
  readonly dir: string;
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubectl: string;
  readonly helm: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Runs build-binaries.sh for a group (a no-op on a cache hit) and returns its `<group> <dir>` lines. */
export function buildBinaries(group: 'controlplane' | 'node' | 'conformance'): Map<string, string> {
  const out = execFileSync('bash', [join(here, '..', 'tools', 'build-binaries.sh'), group], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const dirs = new Map<string, string>();
  for (const line of out.trim().split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) dirs.set(line.slice(0, space), line.slice(space + 1));
  }
  return dirs;
}

export function ensureBinaries(): Binaries {
  const dir = process.env.TNC_BIN_DIR ?? buildBinaries('controlplane').get('controlplane') ?? '';
  const binaries: Binaries = { dir, etcd: join(dir, 'etcd'), kubeApiserver: join(dir, 'kube-apiserver'), kubectl: join(dir, 'kubectl'), helm: join(dir, 'helm') };
  for (const path of [binaries.etcd, binaries.kubeApiserver, binaries.kubectl, binaries.helm]) {
    if (!existsSync(path)) throw new Error(`control-plane binary missing: ${path} (run test/tools/build-binaries.sh)`);
  }
  return binaries;
}
