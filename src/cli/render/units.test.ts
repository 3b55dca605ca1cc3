import { describe, expect, it } from '@jest/globals';
import { formatAge, formatRate } from './units.js';

describe('formatRate', () => {
  it.each([
    [0, '0 B/s'],
    [999, '999 B/s'],
    [1000, '1 kB/s'],
    [1234, '1.23 kB/s'],
    [52_000, '52 kB/s'],
    [99_950, '100 kB/s'],
    [1_250_000, '1.25 MB/s'],
    [9_800_000, '9.8 MB/s'],
    [310_000_000_000, '310 GB/s'],
    [5e15, '5000 TB/s'],
  ])('%d → %s', (bytes, text) => {
    expect(formatRate(bytes)).toBe(text);
  });
});

describe('formatAge', () => {
  it.each([[0, '0s'], [119, '119s'], [120, '2m'], [7199, '119m'], [7200, '2h'], [172_799, '47h'], [172_800, '2d']])('%d s → %s', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });
});
