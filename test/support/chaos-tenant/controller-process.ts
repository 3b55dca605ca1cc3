// `src/cmd/main.ts` as a child process with its stdout and stderr captured separately, configured
// through a config file and environment variables only (as a pod is), serving /metrics on a known
// loopback port. For tests that grep what the real binary prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export interface ControllerProcessOptions {
  /** The JSON config file's content. */
  readonly config: Record<string, unknown>;
  /** Extra environment (KUBECONFIG, POD_NAMESPACE, QINGCLOUD_*, TNC_*). */
  readonly env: Readonly<Record<string, string>>;
}

export interface ControllerProcess {
  readonly pid: number;
  readonly exited: Promise<number | string>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | string>;
  stdout(): string;
  stderr(): string;
}

export function startControllerProcess(options: ControllerProcessOptions): ControllerProcess {
  const dir = mkdtempSync(join(tmpdir(), 'tnc-chaos-child-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(options.config));
  const outPath = join(dir, 'stdout.log');
  const errPath = join(dir, 'stderr.log');
  const out = openSync(outPath, 'a');
  const err = openSync(errPath, 'a');
  // Only what a pod would have: PATH and HOME from here, everything else given explicitly.
  const child: ChildProcess = spawn('node_modules/.bin/node', ['--import', './scripts/ts-hooks.js', 'src/cmd/main.ts'], {
    cwd: repoRoot(),
    stdio: ['ignore', out, err],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TNC_CONFIG: configPath, ...options.env },
  });
  closeSync(out);
  closeSync(err);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => { resolve(code ?? signal ?? 'unknown'); });
  });
  const captured = { stdout: '', stderr: '' };
  const read = (): void => {
    try {
      captured.stdout = readFileSync(outPath, 'utf8');
      captured.stderr = readFileSync(errPath, 'utf8');
    } catch {
      // Removed after stop: keep what was read last.
    }
  };
  return {
    pid: child.pid ?? 0,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      read();
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
    stdout: () => { read(); return captured.stdout; },
    stderr: () => { read(); return captured.stderr; },
  };
}
