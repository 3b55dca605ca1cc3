// What a running `make demo` owns, recorded under .local/demo so that the next demo can tell a live
// demo (leave it alone) from the leftovers of one that died without cleaning up (kill -9, a crash):
// those it may stop, but only processes it can prove are still the recorded ones (pids are reused),
// and only when the demo that started them is gone. The judgements are pure; the rest is file and
// signal I/O.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { signalGroup } from './demo-processes.js';

/** The command line of a live process, or undefined when there is none with that pid. */
export type Probe = (pid: number) => string | undefined;

export interface RecordedProcess {
  readonly name: string;
  readonly pid: number;
  /** A piece of its command line that proves a live pid is still this process. */
  readonly marker: string;
  /** Its process group, when it is not the process itself (the control plane's). */
  readonly group?: number;
}

export interface RecordFile {
  readonly owner?: { readonly pid: number; readonly marker: string };
  readonly processes: readonly RecordedProcess[];
}

export type RecordVerdict =
  | { readonly kind: 'owned'; readonly ownerPid: number }
  | { readonly kind: 'stale'; readonly leftovers: readonly RecordedProcess[] };

export type ClusterPidVerdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'running'; readonly pid: number }
  | { readonly kind: 'stale'; readonly why: string };

/** The demo driver's own marker, and the control plane's (scripts/cluster.sh runs it). */
export const DEMO_MARKER = 'scripts/demo.ts';
export const CLUSTER_MARKER = 'test/harness/cluster-main.ts';

function isOurs(probe: Probe, pid: number, marker: string): boolean {
  return probe(pid)?.includes(marker) === true;
}

/** A record whose owner still runs belongs to that demo; otherwise its live processes are leftovers. */
export function judgeRecord(record: RecordFile, probe: Probe, self: number): RecordVerdict {
  const owner = record.owner;
  if (owner !== undefined && owner.pid !== self && isOurs(probe, owner.pid, owner.marker)) return { kind: 'owned', ownerPid: owner.pid };
  return { kind: 'stale', leftovers: record.processes.filter((p) => isOurs(probe, p.pid, p.marker)) };
}

/** `.local/cluster.pid`: a control plane that runs, or a file left behind by one that does not. */
export function judgeClusterPid(pid: number | undefined, probe: Probe): ClusterPidVerdict {
  if (pid === undefined) return { kind: 'none' };
  const command = probe(pid);
  if (command === undefined) return { kind: 'stale', why: `pid ${pid} is gone` };
  if (!command.includes(CLUSTER_MARKER)) return { kind: 'stale', why: `pid ${pid} is another program now` };
  return { kind: 'running', pid };
}

/** /proc where there is one, else ps. A zombie (dead, not yet reaped) counts as gone. */
export const probeProcess: Probe = (pid) => {
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
};

export function readRecord(path: string): RecordFile {
  if (!existsSync(path)) return { processes: [] };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    // Before owners were recorded the file was a bare list.
    if (Array.isArray(parsed)) return { processes: parsed as RecordedProcess[] };
    return parsed as RecordFile;
  } catch {
    // An unreadable record protects nothing.
    return { processes: [] };
  }
}

export class DemoBusyError extends Error {}

/**
 * Stops what a dead demo left running (SIGTERM to each group, SIGKILL after `graceMs`) and removes
 * the record; returns their names. Throws DemoBusyError while the recording demo still runs.
 */
export async function reapLeftovers(path: string, probe: Probe = probeProcess, graceMs = 10_000): Promise<string[]> {
  const verdict = judgeRecord(readRecord(path), probe, process.pid);
  if (verdict.kind === 'owned') throw new DemoBusyError(`another make demo is running (pid ${verdict.ownerPid}); stop it first (Ctrl-C in its terminal, or kill ${verdict.ownerPid})`);
  for (const p of verdict.leftovers) signalGroup(p.group ?? p.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (verdict.leftovers.some((p) => probe(p.pid) !== undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const p of verdict.leftovers) signalGroup(p.group ?? p.pid, 'SIGKILL');
  rmSync(path, { force: true });
  return verdict.leftovers.map((p) => p.name);
}

/** The record of this demo: written on every change, so a demo killed at any point leaves it current. */
export class ProcessRecord {
  private readonly path: string;
  private readonly processes: RecordedProcess[] = [];

  constructor(path: string) {
    this.path = path;
    this.write();
  }

  add(entry: RecordedProcess): void {
    this.processes.push(entry);
    this.write();
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }

  private write(): void {
    const record: RecordFile = { owner: { pid: process.pid, marker: DEMO_MARKER }, processes: this.processes };
    writeFileSync(this.path, JSON.stringify(record));
  }
}
