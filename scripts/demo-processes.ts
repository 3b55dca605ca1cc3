// Background processes of `make demo` (control plane, QingCloud simulator, controller): each in its
// own process group and session, so neither Ctrl-C nor a closed terminal reaches them directly: the
// demo driver gets the signal and stops them in order. demo-record.ts records them for the next
// demo, should this one be killed outright.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface StartOptions {
  readonly logPath: string;
  readonly env?: NodeJS.ProcessEnv;
}

export class BackgroundProcess {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly exit: Promise<number | null>;

  private constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    this.exit = new Promise((resolve) => {
      child.once('exit', (code) => { resolve(code); });
      child.once('error', () => { resolve(null); });
    });
  }

  static start(name: string, command: string, args: readonly string[], options: StartOptions): BackgroundProcess {
    const log = openSync(options.logPath, 'a');
    try {
      // detached: a process group of its own, out of reach of the terminal's Ctrl-C.
      const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env: options.env ?? process.env });
      return new BackgroundProcess(name, child);
    } finally {
      closeSync(log);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  waitForExit(): Promise<number | null> {
    return this.exit;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => { signalGroup(pid, 'SIGKILL'); }, graceMs);
    await this.exit;
    clearTimeout(timer);
    // Anything the leader left behind in its group goes too.
    signalGroup(pid, 'SIGKILL');
  }
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Runs a command to completion in its own process group; resolves with its exit code and output. */
export function runToCompletion(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; detached?: boolean; inheritStderr?: boolean; onSpawn?: (pid: number) => void } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: options.detached ?? false, stdio: ['ignore', 'pipe', options.inheritStderr === true ? 'inherit' : 'pipe'], env: options.env ?? process.env });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('error', (err) => { resolve({ code: null, stdout, stderr: `${stderr}${err.message}` }); });
    child.once('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}
