// make bench-ipam: the IPAM allocator at scale (default 100,000 subnets), against a free-list floor
// measured in the same run. Phases: fill, churn at full occupancy (release a random holder,
// allocate a new one), restore (the controller's start-up rebuild from status), release all.
//   node_modules/.bin/node --import ./scripts/ts-hooks.js bench/ipam/run.ts [--subnets=100000]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRangeAllocator, type RangeAllocator } from '../../src/ipam/index.js';
import { FreeListFloor } from './free-list-floor.js';
import { measurePhase, type PhaseResult } from './phase.js';

const PARENT = '10.0.0.0/8';
const PREFIX = 26; // 262,144 blocks in the /8: 100,000 fill it to 38 %.

function newAllocator(): RangeAllocator {
  const created = createRangeAllocator({ kind: 'subnet', parent: PARENT, prefixLength: PREFIX, minPrefixLength: 16, maxPrefixLength: 28 });
  if (!created.ok) throw new Error(created.message);
  return created.allocator;
}

/** A fixed-seed generator (mulberry32) so both sides churn the same owners. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function must<T extends { ok: boolean }>(result: T, what: string): T {
  if (!result.ok) throw new Error(`${what} failed: ${JSON.stringify(result)}`);
  return result;
}

function main(): void {
  const subnets = Number(process.argv.find((a) => a.startsWith('--subnets='))?.split('=')[1] ?? 100_000);
  const churn = Math.min(subnets, 50_000);
  const owners = Array.from({ length: subnets }, (_, i) => `ws-${i % 1000}/project-${i}`);
  const victims = ((): number[] => {
    const random = seeded(20261126);
    return Array.from({ length: churn }, () => Math.floor(random() * subnets));
  })();

  const ours = newAllocator();
  const floor = new FreeListFloor(10 << 24, 8, PREFIX);
  const phases: Record<string, { ipam: PhaseResult; floor: PhaseResult }> = {};
  const compare = (name: string, ipam: () => void, base: () => void, operations: number): void => {
    phases[name] = { floor: measurePhase(base, operations), ipam: measurePhase(ipam, operations) };
  };

  compare('fill', () => { for (const o of owners) must(ours.allocate(o), o); }, () => { for (const o of owners) floor.allocate(o); }, subnets);
  const live = [...owners];
  const liveFloor = [...owners];
  compare(
    'churn',
    () => { victims.forEach((v, i) => { must(ours.release(live[v] ?? ''), 'release'); live[v] = `churn-${i}`; must(ours.allocate(live[v]), 'allocate'); }); },
    () => { victims.forEach((v, i) => { floor.release(liveFloor[v] ?? ''); liveFloor[v] = `churn-${i}`; floor.allocate(liveFloor[v]); }); },
    churn * 2,
  );
  const recorded = ours.allocations();
  let restored: RangeAllocator = newAllocator();
  compare(
    'restore',
    () => { restored = newAllocator(); for (const r of recorded) must(restored.restore(r.owner, r.cidr), 'restore'); },
    () => { const f = new FreeListFloor(10 << 24, 8, PREFIX); for (const r of recorded) f.allocate(r.owner); },
    subnets,
  );
  compare('release', () => { for (const o of live) must(ours.release(o), 'release'); }, () => { for (const o of liveFloor) floor.release(o); }, subnets);
  if (restored.utilisation().allocations !== subnets) throw new Error('restore lost allocations');

  const rows = Object.entries(phases).map(([name, p]) => ({ phase: name, operations: p.ipam.operations, ipamOpsPerSecond: p.ipam.opsPerSecond, floorOpsPerSecond: p.floor.opsPerSecond, ratio: Math.round((p.floor.opsPerSecond / p.ipam.opsPerSecond) * 100) / 100 }));
  const result = {
    scenario: `ipam-${subnets}`,
    subnets,
    parent: PARENT,
    prefixLength: PREFIX,
    phases: rows,
    heapUsedMiB: Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10,
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
    date: new Date().toISOString(),
  };
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${result.scenario}.json`), JSON.stringify(result, null, 2) + '\n');
  const table = [
    `# ${result.scenario}: IPAM allocator, ${subnets} /${PREFIX} subnets in ${PARENT} (commit ${result.commit})`,
    '',
    '| phase | operations | IPAM ops/s | free-list floor ops/s | floor / IPAM |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.phase} | ${r.operations} | ${r.ipamOpsPerSecond} | ${r.floorOpsPerSecond} | ${r.ratio} |`),
    '',
  ].join('\n');
  writeFileSync(join(outDir, `${result.scenario}.md`), table);
  process.stdout.write(table);
}

main();
