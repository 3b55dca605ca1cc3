// The outcome table of a hostile or malformed-input suite, per Kubernetes version (docs/compatibility.md):
// printed after the run and kept under .local/compat/ so `make test-compat` can put the oldest and
// the newest apiserver's tables side by side and fail where they differ.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeClient } from '../../src/kube/kube-client.js';
import type { AttemptOutcome } from './chaos-tenant/attempts.js';
import { repoRoot } from './chaos-tenant/repo-root.js';

export const COMPAT_DIR = '.local/compat';

/** What a row comes to, independent of message wording: `refused 403`, `accepted`, `failed`. */
export function verdictOf(outcome: AttemptOutcome): string {
  return outcome.kind === 'rejected' ? `refused ${outcome.status}` : outcome.kind;
}

export async function serverVersion(client: KubeClient): Promise<string> {
  return (await client.request<{ gitVersion: string }>('GET', '/version')).gitVersion;
}

/** Prints the table and writes `<suite>-<version>.json`. */
export function recordCompatTable(suite: string, version: string, outcomes: ReadonlyMap<string, AttemptOutcome>): void {
  const rows = [...outcomes].map(([name, outcome]) => ({ name, verdict: verdictOf(outcome) }));
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  process.stderr.write(`[${suite}] Kubernetes ${version}: ${rows.length} rows\n${rows.map((r) => `  ${r.name.padEnd(width)}  ${r.verdict}`).join('\n')}\n`);
  const dir = join(repoRoot(), COMPAT_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${suite}-${version}.json`), `${JSON.stringify({ suite, version, rows }, null, 1)}\n`);
}
