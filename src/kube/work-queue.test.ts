import { describe, expect, it } from '@jest/globals';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('dedupes keys that are waiting', () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(q.tryGet()).toBe('a');
    expect(q.tryGet()).toBe('b');
    expect(q.tryGet()).toBeUndefined();
  });

  it('never hands a key in processing to another worker, and re-queues it after done', () => {
    const q = new WorkQueue();
    q.add('a');
    expect(q.tryGet()).toBe('a');
    q.add('a');
    q.add('a');
    expect(q.tryGet()).toBeUndefined();
    q.done('a');
    expect(q.tryGet()).toBe('a');
    q.done('a');
    expect(q.tryGet()).toBeUndefined();
  });

  it('wakes a waiting getter', async () => {
    const q = new WorkQueue();
    const pending = q.get();
    q.add('x');
    await expect(pending).resolves.toBe('x');
  });

  it('keeps the earliest deadline of delayed adds', async () => {
    const q = new WorkQueue();
    q.addAfter('a', 10_000);
    q.addAfter('a', 20);
    q.addAfter('a', 5_000);
    await expect(q.get()).resolves.toBe('a');
    q.shutDown();
  });

  it('backs off per key with growing, capped delays and forgets on success', () => {
    const q = new WorkQueue({ backoff: { initialMs: 10, maxMs: 80, jitter: 0 } });
    const delays = [1, 2, 3, 4, 5, 6].map(() => q.addRateLimited('k'));
    expect(delays).toEqual([10, 20, 40, 80, 80, 80]);
    expect(q.failureCount('k')).toBe(6);
    q.forget('k');
    expect(q.addRateLimited('k')).toBe(10);
    q.shutDown();
  });

  it('honours a minimum delay (server retry hints)', () => {
    const q = new WorkQueue({ backoff: { initialMs: 10, maxMs: 80, jitter: 0 } });
    expect(q.addRateLimited('k', 500)).toBe(500);
    q.shutDown();
  });

  it('releases getters and drops keys on shutdown', async () => {
    const q = new WorkQueue();
    const pending = q.get();
    q.shutDown();
    await expect(pending).resolves.toBeUndefined();
    q.add('a');
    expect(q.length).toBe(0);
  });

  it('reports depth, adds, waits and retries', () => {
    const seen = { depth: -1, added: 0, waited: 0, retried: 0 };
    const q = new WorkQueue({
      backoff: { initialMs: 10, maxMs: 10, jitter: 0 },
      observer: { depth: (v) => { seen.depth = v; }, added: () => { seen.added++; }, waited: () => { seen.waited++; }, retried: () => { seen.retried++; } },
    });
    q.add('a');
    q.add('b');
    expect(seen.depth).toBe(2);
    q.tryGet();
    expect(seen.depth).toBe(1);
    q.addRateLimited('a');
    expect(seen).toEqual({ depth: 1, added: 2, waited: 1, retried: 1 });
    q.shutDown();
  });

  it('keeps FIFO order across many keys (compaction of the ready list)', () => {
    const q = new WorkQueue();
    for (let i = 0; i < 5000; i++) q.add(`k${i}`);
    const out: string[] = [];
    for (let key = q.tryGet(); key !== undefined; key = q.tryGet()) {
      out.push(key);
      q.done(key);
    }
    expect(out).toHaveLength(5000);
    expect(out[0]).toBe('k0');
    expect(out[4999]).toBe('k4999');
  });
});
