// Where a controller's heap goes: prints a `.heapsnapshot` (e.g. from `bench/run.ts --cold-only
// --heap-snapshot=DIR`) as its dominator tree down to nodes that retain at least --min=PERCENT of
// the heap, and the largest kinds of objects by their own size.
//   node_modules/.bin/node --max-old-space-size=6000 --import ./scripts/ts-hooks.js bench/heap-summary.ts FILE [--min=1]
import { readFileSync } from 'node:fs';
import { dominators, heapGraph, selfSizeByKind, type HeapGraph, type HeapSnapshotJson } from './lib/heap-dominators.js';

const MiB = 2 ** 20;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;

/** The label of the edge from a dominator to a node it reaches directly, else `~` (several paths). */
function edgeFrom(g: HeapGraph, from: number, to: number): string {
  for (let e = g.firstEdge[from] ?? 0; e < (g.firstEdge[from + 1] ?? 0); e++) if (g.edgeTo[e] === to) return g.edgeLabel(e);
  return '~';
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: heap-summary.ts FILE.heapsnapshot [--min=PERCENT]');
  const minPercent = Number(process.argv.find((a) => a.startsWith('--min='))?.split('=')[1] ?? '1');
  const g = heapGraph(JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshotJson);
  const { idom, retained } = dominators(g);
  const total = retained[0] ?? 0;
  const children: number[][] = Array.from({ length: g.count }, () => []);
  for (let n = 1; n < g.count; n++) {
    const d = idom[n] ?? -1;
    if (d >= 0) children[d]?.push(n);
  }
  const out: string[] = [`heap ${mib(total)} in ${g.count} nodes; dominator tree down to ${minPercent}%:`];
  const walk = (node: number, depth: number): void => {
    const kids = (children[node] ?? []).filter((k) => (retained[k] ?? 0) >= (total * minPercent) / 100).sort((a, b) => (retained[b] ?? 0) - (retained[a] ?? 0));
    for (const k of kids) {
      const name = g.name(k).replace(/\s+/g, ' ').slice(0, 60);
      out.push(`${'  '.repeat(depth)}${mib(retained[k] ?? 0).padStart(10)}  ${edgeFrom(g, node, k)}: ${g.type(k)} ${name} (${(children[k] ?? []).length} dominated)`);
      if (depth < 14) walk(k, depth + 1);
    }
  };
  walk(0, 0);
  out.push('', 'largest kinds by own size:');
  for (const group of selfSizeByKind(g).slice(0, 25)) out.push(`${mib(group.bytes).padStart(10)}  ${String(group.count).padStart(9)}  ${group.key.slice(0, 80)}`);
  process.stdout.write(out.join('\n') + '\n');
}

main();
