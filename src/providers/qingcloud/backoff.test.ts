import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelayMs, sleep } from './backoff.js';

describe('backoffDelayMs', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 5000 };

  it.each([
    [0, 0.999, 99],
    [1, 0.5, 100],
    [3, 0.999, 799],
    [10, 0.5, 2500],
    [10, 0, 0],
  ])('attempt %i with random %f → %i ms', (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, policy, () => random)).toBe(expected);
  });

  it('stays within [0, min(max, base·2^attempt)) (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const delay = backoffDelayMs(attempt, policy, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
      }),
      { numRuns: 500 },
    );
  });
});

describe('sleep', () => {
  it('rejects at once when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
