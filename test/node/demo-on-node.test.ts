// `make demo NODE=1` runs to the end on a node of its own (its own slot beside the shared one):
// every step's probe settles on the expected verdict, the capped pod carries the limit and moves
// data at no more than it, and the node is gone afterwards. `--once` skips the wait for Ctrl-C.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/helm.js';

function runDemo(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/node'), ['--import', './scripts/ts-hooks.js', 'scripts/demo-node.ts', '--once'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('exit', (code) => { resolve({ code, out }); });
  });
}

describe('make demo NODE=1', () => {
  it('shows each toggle on packets and one capped transfer, then stops its node', async () => {
    const started = Date.now();
    const { code, out } = await runDemo();
    process.stdout.write(`demo on a real node (${((Date.now() - started) / 1000).toFixed(0)} s):\n${out.split('\n').filter((l) => !l.startsWith('  node:')).join('\n')}\n`);
    expect(out).not.toContain('expected');
    expect(code).toBe(0);
    expect(out.match(/TCP 80: ALLOWED/g)?.length).toBe(4);
    expect(out.match(/TCP 80: BLOCKED/g)?.length).toBe(4);
    expect(out).toContain('the webhook stamped kubernetes.io/egress-bandwidth: 20M');
    const steady = Number(/([\d.]+) Mbit\/s steady/.exec(out)?.[1]);
    expect(steady).toBeGreaterThan(10);
    expect(steady).toBeLessThan(23);
  }, 600_000);
});
