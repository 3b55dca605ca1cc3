// Where a controller's CPU goes: prints a `.cpuprofile` (BENCH_NODE_FLAGS="--cpu-prof
// --cpu-prof-dir=DIR" with bench/run.ts) as self time by source file and by function.
//   node_modules/.bin/node --import ./scripts/ts-hooks.js bench/profile-summary.ts FILE [--top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A source file's place: the package under node_modules, our own path under dist/, or Node's. */
function placeOf(url: string): string {
  if (url === '') return '(native/V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1] !== undefined) return pkg[1];
  const ours = /\/dist\/(.+)$/.exec(url);
  if (ours?.[1] !== undefined) return ours[1];
  return url.startsWith('node:') ? 'node:*' : url;
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top=N]');
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.split('=')[1] ?? '25');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    total += us;
    if (frame.functionName === '(idle)') return;
    const place = placeOf(frame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  const ms = (us: number): string => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const rows = (m: Map<string, number>): string[] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${ms(v)}  ${k}`);
  process.stdout.write([`${ms(total)}  profiled (idle included)`, '', 'self time by file:', ...rows(byPlace), '', 'self time by function:', ...rows(byFunction)].join('\n') + '\n');
}

main();
