import { describe, expect, it } from '@jest/globals';
import { percentile } from './waiter.js';

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99, 10],
    [[10, 1], 50, 1],
    [[], 50, 0],
  ])('%j p%i = %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});
