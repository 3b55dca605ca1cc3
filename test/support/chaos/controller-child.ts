// The controller as a child process (src/cmd/main.ts from source, Calico provider), so a test can
// SIGKILL it like the kernel's OOM killer or a node failure would, and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ControllerChildOptions {
  readonly kubeconfigPath: string;
  readonly namespace: string;
  readonly systemNamespaces: readonly string[];
  readonly vpcPool: readonly string[];
  /** Pod name: the leader-election identity. */
  readonly instance: string;
  readonly leaderElection: boolean;
  readonly logPath: string;
}

export class ControllerChild {
  readonly instance: string;
  private readonly child: ChildProcess;
  private readonly exitedPromise: Promise<number | string>;
  private readonly logPath: string;

  private constructor(instance: string, child: ChildProcess, logPath: string) {
    this.instance = instance;
    this.child = child;
    this.logPath = logPath;
    this.exitedPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => { resolve(code ?? signal ?? 'unknown'); });
    });
  }

  static start(options: ControllerChildOptions): ControllerChild {
    const fd = openSync(options.logPath, 'a');
    const child = spawn('node_modules/.bin/node', ['--import', './scripts/ts-hooks.js', 'src/cmd/main.ts'], {
      stdio: ['ignore', fd, fd],
      env: {
        ...process.env,
        // Jest's --experimental-vm-modules is not for the controller.
        NODE_OPTIONS: '',
        KUBECONFIG: options.kubeconfigPath,
        TNC_PROVIDER: 'calico',
        POD_NAMESPACE: options.namespace,
        POD_NAME: options.instance,
        TNC_SYSTEM_NAMESPACES: options.systemNamespaces.join(','),
        TNC_VPC_POOL: options.vpcPool.join(','),
        TNC_LEADER_ELECTION: String(options.leaderElection),
        TNC_PROBE_PORT: '0',
        TNC_LOG_LEVEL: process.env.TNC_CHAOS_LOG_LEVEL ?? 'warn',
      },
    });
    closeSync(fd);
    return new ControllerChild(options.instance, child, options.logPath);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get exited(): Promise<number | string> {
    return this.exitedPromise;
  }

  /** SIGKILL: no clean-up, no lease release. */
  async crash(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exitedPromise;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exitedPromise;
    clearTimeout(timer);
  }

  output(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }
}
