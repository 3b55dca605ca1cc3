import { describe, expect, it } from '@jest/globals';
import { KeyedSerializer } from './keyed-serializer.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedSerializer', () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const serializer = new KeyedSerializer();
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        serializer.run('rtr-a', async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await tick(5);
          order.push(n);
          running -= 1;
        }),
      ),
    );
    expect(maxRunning).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(serializer.activeKeys).toBe(0);
  });

  it('runs different keys in parallel', async () => {
    const serializer = new KeyedSerializer();
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        serializer.run(key, async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await tick(10);
          running -= 1;
        }),
      ),
    );
    expect(maxRunning).toBe(3);
  });

  it('a failing task does not block the next one', async () => {
    const serializer = new KeyedSerializer();
    const first = serializer.run('k', () => Promise.reject(new Error('boom')));
    const second = serializer.run('k', () => Promise.resolve('ok'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
  });

  it('runAll holds every key, and two overlapping multi-key callers do not deadlock', async () => {
    const serializer = new KeyedSerializer();
    const events: string[] = [];
    const ab = serializer.runAll(['b', 'a'], async () => {
      events.push('ab-start');
      await tick(10);
      events.push('ab-end');
    });
    const ba = serializer.runAll(['a', 'b'], async () => {
      events.push('ba-start');
      await tick(1);
      events.push('ba-end');
    });
    const single = serializer.run('b', () => {
      events.push('b');
      return Promise.resolve();
    });
    await Promise.all([ab, ba, single]);
    expect(events.indexOf('ab-end')).toBeLessThan(events.indexOf('ba-start'));
    expect(events).toHaveLength(5);
  });

  it('says whether a key has work running or queued', async () => {
    const serializer = new KeyedSerializer();
    expect(serializer.isBusy('rtr-1')).toBe(false);
    const first = serializer.run('rtr-1', () => tick(5));
    const second = serializer.run('rtr-1', () => tick(5));
    expect(serializer.isBusy('rtr-1')).toBe(true);
    expect(serializer.isBusy('rtr-2')).toBe(false);
    await first;
    expect(serializer.isBusy('rtr-1')).toBe(true);
    await second;
    await tick(1);
    expect(serializer.isBusy('rtr-1')).toBe(false);
  });
});
