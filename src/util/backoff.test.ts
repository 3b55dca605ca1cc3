import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelay, fullJitterDelay, sleep } from './backoff.js';

const policy = { initialMs: 100, maxMs: 10_000, jitter: 0.2 };

describe('backoffDelay', () => {
  it('doubles per failure without jitter and caps', () => {
    const noJitter = { ...policy, jitter: 0 };
    expect([1, 2, 3, 4, 8, 1000].map((n) => backoffDelay(noJitter, n))).toEqual([100, 200, 400, 800, 10_000, 10_000]);
  });

  it('spreads within the jitter band', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(320);
    expect(backoffDelay(policy, 3, () => 1)).toBe(480);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(400);
  });

  it('never exceeds the cap even with jitter', () => {
    expect(backoffDelay(policy, 50, () => 1)).toBe(10_000);
  });
});

describe('fullJitterDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 5000 };

  it.each([
    [0, 0.999, 99],
    [1, 0.5, 100],
    [3, 0.999, 799],
    [10, 0.5, 2500],
    [10, 0, 0],
  ])('attempt %i with random %f → %i ms', (attempt, random, expected) => {
    expect(fullJitterDelay(attempt, policy, () => random)).toBe(expected);
  });

  it('stays within [0, min(max, base·2^attempt)) (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const delay = fullJitterDelay(attempt, policy, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
      }),
      { numRuns: 500 },
    );
  });
});

describe('sleep', () => {
  it('rejects at once, with an Error, when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    controller.abort('not an error');
    await expect(pending).rejects.toThrow('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
  });


  it('rejects when aborted', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
