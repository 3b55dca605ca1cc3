// A child process whose output goes to a log file, stopped with SIGTERM and then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort when the parent dies without stopping its children: never leave a control plane behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export class ManagedProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  readonly name: string;

  private constructor(name: string, child: ChildProcess, exited: Promise<number | null>) {
    this.name = name;
    this.child = child;
    this.exited = exited;
  }

  static start(name: string, command: string, args: readonly string[], logPath: string, env?: NodeJS.ProcessEnv): ManagedProcess {
    installExitHook();
    const fd = openSync(logPath, 'a');
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], env: env ?? process.env });
    closeSync(fd);
    live.add(child);
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => {
        live.delete(child);
        resolve(code);
      });
      child.once('error', () => {
        live.delete(child);
        resolve(null);
      });
    });
    return new ManagedProcess(name, child, exited);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code once the process has ended (whoever ended it). */
  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Simulates a crash: no chance to clean up. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
