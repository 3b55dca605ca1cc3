import { describe, expect, it } from '@jest/globals';
import { retryableError, terminalError } from '../util/errors.js';
import { Controller } from './controller.js';

const fastBackoff = { backoff: { initialMs: 20, maxMs: 160, jitter: 0 } };

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('Controller', () => {
  it('backs off retryable errors with growing, capped delays and resets on success', async () => {
    const times: number[] = [];
    const c = new Controller({
      name: 't',
      queue: fastBackoff,
      reconcile: () => {
        times.push(performance.now());
        if (times.length <= 6) return Promise.reject(retryableError('Busy', 'try later'));
        return Promise.resolve(undefined);
      },
    });
    const delays: number[] = [];
    const addRateLimited = c.queue.addRateLimited.bind(c.queue);
    c.queue.addRateLimited = (key, minDelayMs) => {
      const delay = addRateLimited(key, minDelayMs);
      delays.push(delay);
      return delay;
    };
    c.start();
    c.enqueue('k');
    await waitFor(() => times.length === 7);
    expect(delays).toEqual([20, 40, 80, 160, 160, 160]);
    // Timers never fire early, so each measured gap is at least the delay chosen.
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    gaps.forEach((gap, i) => { expect(gap).toBeGreaterThanOrEqual((delays[i] ?? 0) - 2); });
    expect(c.queue.failureCount('k')).toBe(0);
    await c.stop();
  });

  it('does not retry a terminal error until the key is enqueued again', async () => {
    let calls = 0;
    const c = new Controller({ name: 't', queue: fastBackoff, reconcile: () => { calls++; return Promise.reject(terminalError('Invalid', 'bad cidr')); } });
    c.start();
    c.enqueue('k');
    await waitFor(() => calls === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(1);
    c.enqueue('k');
    await waitFor(() => calls === 2);
    await c.stop();
  });

  it('requeues after the requested delay', async () => {
    const times: number[] = [];
    const c = new Controller({ name: 't', reconcile: () => { times.push(Date.now()); return Promise.resolve(times.length < 2 ? { requeueAfterMs: 100 } : undefined); } });
    c.start();
    c.enqueue('k');
    await waitFor(() => times.length === 2);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(95);
    await c.stop();
  });

  it('never runs one key twice at once, but runs different keys in parallel', async () => {
    const running = new Map<string, number>();
    let maxSameKey = 0;
    let maxTotal = 0;
    let done = 0;
    const c = new Controller({
      name: 't',
      concurrency: 4,
      reconcile: async (key) => {
        running.set(key, (running.get(key) ?? 0) + 1);
        maxSameKey = Math.max(maxSameKey, running.get(key) ?? 0);
        maxTotal = Math.max(maxTotal, [...running.values()].reduce((a, b) => a + b, 0));
        await new Promise((r) => setTimeout(r, 10));
        running.set(key, (running.get(key) ?? 1) - 1);
        done++;
        return undefined;
      },
    });
    c.start();
    for (let round = 0; round < 20; round++) {
      for (const key of ['a', 'b', 'c', 'd', 'e']) c.enqueue(key);
      await new Promise((r) => setTimeout(r, 3));
    }
    await waitFor(() => c.queue.length === 0 && c.activeKeys().length === 0);
    expect(maxSameKey).toBe(1);
    expect(maxTotal).toBeGreaterThan(1);
    expect(maxTotal).toBeLessThanOrEqual(4);
    expect(done).toBeLessThan(100);
    await c.stop();
  });

  it('drains in-flight work on stop and takes no new keys', async () => {
    let finished = 0;
    const c = new Controller({ name: 't', reconcile: async () => { await new Promise((r) => setTimeout(r, 50)); finished++; return undefined; } });
    c.start();
    c.enqueue('a');
    await waitFor(() => c.activeKeys().length === 1);
    const drained = await c.stop(1000);
    expect(drained).toBe(true);
    expect(finished).toBe(1);
    c.enqueue('b');
    await new Promise((r) => setTimeout(r, 80));
    expect(finished).toBe(1);
  });

  it('aborts work that outlives the grace period', async () => {
    let aborted = false;
    const c = new Controller({
      name: 't',
      reconcile: (_key, ctx) => new Promise((resolve) => {
        ctx.signal.addEventListener('abort', () => { aborted = true; resolve(undefined); });
      }),
    });
    c.start();
    c.enqueue('a');
    await waitFor(() => c.activeKeys().length === 1);
    expect(await c.stop(50)).toBe(false);
    await waitFor(() => aborted);
  });
});
