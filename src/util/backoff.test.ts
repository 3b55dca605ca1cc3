import { describe, expect, it } from '@jest/globals';
import { backoffDelay, sleep } from './backoff.js';

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

describe('sleep', () => {
  it('rejects when aborted', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
