import { describe, expect, it } from '@jest/globals';
import { CallBudget } from './call-budget.js';

describe('CallBudget', () => {
  it('lets a burst through, then holds calls to the hourly rate', async () => {
    // 3 calls per 150 ms ≙ 72,000 calls/hour.
    const budget = new CallBudget({ callsPerHour: 72_000, burst: 3, concurrency: 10 });
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 7 }, () =>
        budget.run(() => {
          started.push(Date.now() - t0);
          return Promise.resolve();
        }),
      ),
    );
    expect(started).toHaveLength(7);
    expect(started.slice(0, 3).every((t) => t < 100)).toBe(true);
    expect(started[3]).toBeGreaterThanOrEqual(140);
    expect(started[6]).toBeGreaterThanOrEqual(280);
  });

  it('defaults to 2000 calls/hour with a burst of 20', () => {
    const budget = new CallBudget();
    expect(budget.callsPerHour).toBe(2000);
    expect(budget.burst).toBe(20);
  });

  it('limits concurrency', async () => {
    const budget = new CallBudget({ callsPerHour: 1e9, burst: 1000, concurrency: 2 });
    let running = 0;
    let max = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        budget.run(async () => {
          running += 1;
          max = Math.max(max, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(max).toBe(2);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new CallBudget({ callsPerHour: 0 })).toThrow(RangeError);
  });

  it('close rejects the calls a throttled window holds, and leaves no timer to keep the process alive', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    // One call per 100 s: the second waits for a whole window.
    const budget = new CallBudget({ callsPerHour: 36, burst: 1 });
    await budget.run(() => Promise.resolve('first'));
    const held = budget.run(() => Promise.resolve('second'));
    await new Promise((r) => setImmediate(r));
    expect(budget.waiting).toBe(1);
    expect(timers()).toBeGreaterThan(before);
    budget.close();
    await expect(held).rejects.toThrow('closed');
    expect(timers()).toBe(before);
    await expect(budget.run(() => Promise.resolve('later'))).rejects.toThrow('closed');
  });
});
