// A fast, continuous probe for latency measurements: a shell loop inside the source's network
// namespace opens a new TCP connection every ~10 ms (bash's /dev/tcp under a 150 ms `timeout`: far
// cheaper than `agnhost connect`, whose ~200 ms start would blur the figures) and reports open/closed
// on each line; the time a line arrives is the time of the verdict. A connection attempt whose SYN
// vanishes (the enforcer rejects with an ICMP error, which does not always end the attempt) counts as
// closed after the timeout instead of waiting out the kernel's SYN retries; since a slow machine can
// also time out an open connection, "closed" needs two closed attempts in a row.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ProbeEndpoint } from './probe-pods.js';

export interface ProbeLoop {
  /** Resolves with the performance.now() of the first verdict equal to `open` seen after `since`. */
  until(open: boolean, since: number, timeoutMs?: number): Promise<number>;
  stop(): void;
}

export function startProbeLoop(from: ProbeEndpoint, to: ProbeEndpoint, port: number): ProbeLoop {
  const attempt = `exec 3<>/dev/tcp/${to.ip}/${port}`;
  const script = `while :; do if timeout 0.15 bash -c '${attempt}' 2>/dev/null; then echo o; else echo c; fi; sleep 0.01; done`;
  const child: ChildProcess = spawn('nsenter', [`--net=${from.netns}`, '--', 'bash', '-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const waiters = new Set<{ open: boolean; since: number; resolve: (at: number) => void }>();
  let closedSince: number | undefined;
  if (child.stdout !== null) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const at = performance.now();
      const open = line === 'o';
      const firstClosed = closedSince;
      closedSince = open ? undefined : closedSince ?? at;
      for (const w of waiters) {
        // Open on the first open attempt; closed on the second closed one, dated from the first.
        const seen = w.open ? open : !open && firstClosed !== undefined && firstClosed >= w.since;
        if (seen) {
          waiters.delete(w);
          w.resolve(w.open ? at : firstClosed ?? at);
        }
      }
    });
  }
  return {
    until: (open, since, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const waiter = { open, since, resolve: (at: number): void => { clearTimeout(timer); resolve(at); } };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`${from.name} -> ${to.name}:${port} not ${open ? 'open' : 'closed'} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(waiter);
    }),
    stop: () => { child.kill('SIGKILL'); },
  };
}
