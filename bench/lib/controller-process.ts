// The controller as a separate process (its memory and CPU are its own), run from the compiled
// `dist/` the image ships (running the sources through Node's type stripping costs ~30 MiB more),
// stopped with SIGTERM like a pod.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { request } from 'node:http';

export interface ControllerProcessOptions {
  readonly kubeconfigPath: string;
  readonly namespace: string;
  readonly probePort: number;
  readonly logPath: string;
  readonly env?: Record<string, string>;
  /** Extra Node flags, e.g. `--cpu-prof` while profiling (BENCH_NODE_FLAGS). */
  readonly nodeFlags?: readonly string[];
}

export const HEAP_LIMIT_MIB = 160;
// V8 grows its young generation to ~100 MiB under a burst of allocation; 8 MiB semi-spaces cost no
// measurable CPU here and keep peak RSS near the live heap (the chart and image set the same).
const NODE_MEMORY_FLAGS = [`--max-old-space-size=${HEAP_LIMIT_MIB}`, '--max-semi-space-size=8'];
const ENTRY = 'dist/cmd/main.js';

function readyz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => { resolve(0); });
    req.end();
  });
}

export class ControllerProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  readonly startedAt = performance.now();

  private constructor(child: ChildProcess) {
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => { resolve(); }));
  }

  static start(options: ControllerProcessOptions): ControllerProcess {
    const fd = openSync(options.logPath, 'a');
    // The heap cap a pod gets from its memory limit (the chart sets the same): without it V8 lets
    // garbage grow freely on a large machine and peak RSS says little about what the controller needs.
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first (make bench does)`);
    const child = spawn('node_modules/.bin/node', [...NODE_MEMORY_FLAGS, ...(options.nodeFlags ?? []), ENTRY], {
      stdio: ['ignore', fd, fd],
      env: {
        ...process.env,
        KUBECONFIG: options.kubeconfigPath,
        TNC_PROVIDER: 'calico',
        POD_NAMESPACE: options.namespace,
        POD_NAME: `bench-${Date.now()}`,
        TNC_PROBE_PORT: String(options.probePort),
        TNC_LOG_LEVEL: 'warn',
        ...options.env,
      },
    });
    closeSync(fd);
    return new ControllerProcess(child);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Milliseconds from start until /readyz answers 200. */
  async waitReady(port: number, timeoutMs = 120_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`controller exited with ${this.child.exitCode}`);
      if ((await readyz(port)) === 200) return performance.now() - this.startedAt;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('controller not ready in time');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}
