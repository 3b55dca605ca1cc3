// `make demo` and a closed terminal: the real demo (scripts/demo.ts, QingCloud provider) in a state
// directory of its own (TNC_LOCAL_DIR), its output on pipes the test can close like a terminal
// window. SIGHUP with the terminal gone must stop everything it started; a demo killed outright
// leaves its processes, which the next demo stops before it starts; SIGTERM stops that one. Every
// process the demos start carries a tag in its environment, so "nothing left" is checked on all of
// them (etcd, kube-apiserver, the cluster supervisor, the simulator, the controller, kubectl runs).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/eventually.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TAG_VARIABLE = 'TNC_DEMO_TEST_TAG';
const tag = randomUUID();
const localDir = mkdtempSync(join(tmpdir(), 'tnc-demo-'));

interface DemoRun {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  waitFor(text: string, timeoutMs: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startDemo(): DemoRun {
  const child = spawn(join(ROOT, 'node_modules/.bin/node'), ['--import', './scripts/ts-hooks.js', 'scripts/demo.ts', '--provider=qingcloud'], {
    cwd: ROOT,
    // Its own process group, like the foreground job of a terminal.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TNC_LOCAL_DIR: localDir, [TAG_VARIABLE]: tag, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => { resolve({ code, signal }); });
  });
  return {
    child,
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    waitFor: async (text, timeoutMs) => {
      await eventually(() => {
        if (child.exitCode !== null) throw new Error(`the demo exited (${child.exitCode}) before "${text}":\n${output}`);
        if (!output.includes(text)) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`);
      }, timeoutMs, 200);
    },
  };
}

/** Live processes with the tag in their environment (zombies have none). */
function tagged(): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`${TAG_VARIABLE}=${tag}`)) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

function expectRunning(processes: readonly { command: string }[], pieces: readonly string[]): void {
  for (const piece of pieces) expect({ piece, found: processes.some((p) => p.command.includes(piece)) }).toEqual({ piece, found: true });
}

const EVERYTHING = ['scripts/demo.ts', 'test/harness/cluster-main.ts', 'etcd', 'kube-apiserver', 'test/qingcloud-sim/main.ts', 'src/cmd/main.ts'];

describe('make demo and signals', () => {
  afterAll(() => {
    // Whatever a failed test left.
    for (const p of tagged()) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(localDir, { recursive: true, force: true });
  });

  it('stops everything when its terminal closes (SIGHUP, output gone)', async () => {
    const demo = startDemo();
    await demo.waitFor('The demo is running', 300_000);
    expectRunning(tagged(), EVERYTHING);
    // The window closes: nobody reads its output any more, and its process group gets SIGHUP.
    demo.child.stdout?.destroy();
    demo.child.stderr?.destroy();
    process.kill(-demo.pid, 'SIGHUP');
    expect(await demo.exited).toEqual({ code: 0, signal: null });
    await eventually(() => { expect(tagged()).toEqual([]); }, 15_000, 200);
  }, 360_000);

  it('after a demo killed outright, the next one stops its leftovers and starts; SIGTERM stops it', async () => {
    const killed = startDemo();
    await killed.waitFor('metrics http://127.0.0.1', 300_000);
    process.kill(killed.pid, 'SIGKILL');
    await killed.exited;
    expectRunning(tagged(), EVERYTHING.filter((p) => p !== 'scripts/demo.ts'));

    const next = startDemo();
    await next.waitFor('stopped the control plane, QingCloud simulator, controller that an earlier demo left running', 60_000);
    await next.waitFor('[2/8] CustomResourceDefinitions', 120_000);
    process.kill(-next.pid, 'SIGTERM');
    expect(await next.exited).toEqual({ code: 0, signal: null });
    expect(next.output()).toContain('Demo stopped; nothing left running.');
    await eventually(() => { expect(tagged()).toEqual([]); }, 15_000, 200);
  }, 600_000);
});
