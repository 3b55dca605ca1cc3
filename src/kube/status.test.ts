import { describe, expect, it } from '@jest/globals';
import { deepEqualJson, mergeForComparison, stableStringify } from './status.js';

describe('stableStringify', () => {
  it('ignores key order but not array order', () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe(stableStringify({ a: { c: 3, d: 2 }, b: 1 }));
    expect(deepEqualJson([1, 2], [2, 1])).toBe(false);
  });
});

describe('mergeForComparison', () => {
  it.each([
    [{ a: 1, b: 2 }, { b: 3 }, { a: 1, b: 3 }],
    [{ a: 1, b: 2 }, { b: null }, { a: 1 }],
    [{ a: { x: 1, y: 2 } }, { a: { y: null, z: 3 } }, { a: { x: 1, z: 3 } }],
    [{ list: [1, 2] }, { list: [3] }, { list: [3] }],
    [undefined, { a: 1 }, { a: 1 }],
  ])('%j + %j = %j', (current, patch, expected) => {
    expect(mergeForComparison(current, patch as Record<string, unknown>)).toEqual(expected);
  });
});
