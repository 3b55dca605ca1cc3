import { describe, expect, it } from '@jest/globals';
import { setCondition, setConditions } from './conditions.js';

const t0 = new Date('2026-01-01T00:00:00.123Z');
const t1 = new Date('2026-01-01T00:05:00Z');

describe('setCondition', () => {
  it('adds a condition with a seconds-precision transition time', () => {
    const out = setCondition(undefined, { type: 'Ready', status: 'True', reason: 'Provisioned', message: 'ok' }, 3, t0);
    expect(out).toEqual([{ type: 'Ready', status: 'True', reason: 'Provisioned', message: 'ok', observedGeneration: 3, lastTransitionTime: '2026-01-01T00:00:00Z' }]);
  });

  it('keeps the transition time when only reason, message or generation change', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'A', message: 'a' }, 1, t0);
    const second = setCondition(first, { type: 'Ready', status: 'False', reason: 'B', message: 'b' }, 2, t1);
    expect(second[0]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(second[0]?.reason).toBe('B');
    expect(second[0]?.observedGeneration).toBe(2);
  });

  it('moves the transition time when the status flips', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'A', message: '' }, 1, t0);
    const second = setCondition(first, { type: 'Ready', status: 'True', reason: 'A', message: '' }, 1, t1);
    expect(second[0]?.lastTransitionTime).toBe('2026-01-01T00:05:00Z');
    expect(second.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('sorts by type and leaves the input untouched', () => {
    const input = setCondition(undefined, { type: 'Ready', status: 'True', reason: 'R', message: '' }, 1, t0);
    const out = setConditions(input, [{ type: 'Degraded', status: 'False', reason: 'R', message: '' }, { type: 'PolicyApplied', status: 'True', reason: 'R', message: '' }], 1, t0);
    expect(out.map((c) => c.type)).toEqual(['Degraded', 'PolicyApplied', 'Ready']);
    expect(input).toHaveLength(1);
  });

  it('caps long messages', () => {
    const out = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'R', message: 'x'.repeat(5000) }, 1, t0);
    expect(out[0]?.message.length).toBe(1024);
  });
});
