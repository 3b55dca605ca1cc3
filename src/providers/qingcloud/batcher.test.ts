import { describe, expect, it } from '@jest/globals';
import { retryableError, terminalError } from '../../util/errors.js';
import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('sends items added within the window in one call', async () => {
    const calls: number[][] = [];
    const batcher = new Batcher<number>((items) => {
      calls.push([...items]);
      return Promise.resolve();
    }, { windowMs: 10 });
    await Promise.all([batcher.add([1]), batcher.add([2, 3]), batcher.add([]), batcher.add([4])]);
    expect(calls).toEqual([[1, 2, 3, 4]]);
  });

  it('never puts more than maxItems in one call', async () => {
    const calls: number[][] = [];
    const batcher = new Batcher<number>((items) => {
      calls.push([...items]);
      return Promise.resolve();
    }, { windowMs: 10, maxItems: 3 });
    await Promise.all([batcher.add([1, 2]), batcher.add([3, 4]), batcher.add([5])]);
    expect(calls.map((c) => c.length).every((n) => n <= 3)).toBe(true);
    expect(calls.flat().sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('isolates a terminal failure by re-sending each caller alone', async () => {
    const calls: number[][] = [];
    const batcher = new Batcher<number>((items) => {
      calls.push([...items]);
      return items.includes(13) ? Promise.reject(terminalError('ResourceNotFound', 'no 13')) : Promise.resolve();
    }, { windowMs: 5 });
    const results = await Promise.allSettled([batcher.add([1]), batcher.add([13]), batcher.add([2])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([[1, 13, 2], [1], [13], [2]]);
  });

  it('passes a retryable failure to every caller without extra calls', async () => {
    let calls = 0;
    const batcher = new Batcher<number>(() => {
      calls += 1;
      return Promise.reject(retryableError('ServerBusy', 'busy'));
    }, { windowMs: 5 });
    const results = await Promise.allSettled([batcher.add([1]), batcher.add([2])]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
  });
});
