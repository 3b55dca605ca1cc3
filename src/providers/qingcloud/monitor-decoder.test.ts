import { describe, expect, it } from '@jest/globals';
import { decodeMonitorSeries, type MonitorPoint } from './monitor-decoder.js';

const STEP = 300;

describe('decodeMonitorSeries', () => {
  const cases: [string, unknown[], MonitorPoint[]][] = [
    ['empty series', [], []],
    [
      'scalar values advance by step',
      [[1000, 3], 4, 5],
      [
        { time: 1000, value: 3 },
        { time: 1300, value: 4 },
        { time: 1600, value: 5 },
      ],
    ],
    [
      'scalar offsets are [dt, v] relative to the previous sample',
      [[1000, 3], [900, 7], 8],
      [
        { time: 1000, value: 3 },
        { time: 1900, value: 7 },
        { time: 2200, value: 8 },
      ],
    ],
    [
      'NA is a missing sample that still takes a step',
      [[1000, 1], 'NA', 2],
      [
        { time: 1000, value: 1 },
        { time: 1300, value: null },
        { time: 1600, value: 2 },
      ],
    ],
    [
      'in a traffic series [in, out] is a value, not an offset',
      [[1000, [10, 20]], [30, 40], [600, [50, 60]], [70, 80]],
      [
        { time: 1000, value: [10, 20] },
        { time: 1300, value: [30, 40] },
        { time: 1900, value: [50, 60] },
        { time: 2200, value: [70, 80] },
      ],
    ],
    [
      'a traffic pair that happens to look like [step, x] is still a value',
      [[1000, [1, 1]], [300, 5]],
      [
        { time: 1000, value: [1, 1] },
        { time: 1300, value: [300, 5] },
      ],
    ],
    [
      'NA inside a traffic pair and after an offset',
      [[1000, [1, 2]], ['NA', 'NA'], [900, ['NA', 'NA']], 'NA', [3, 4]],
      [
        { time: 1000, value: [1, 2] },
        { time: 1300, value: null },
        { time: 2200, value: null },
        { time: 2500, value: null },
        { time: 2800, value: [3, 4] },
      ],
    ],
  ];
  it.each(cases)('%s', (_name, data, expected) => {
    expect(decodeMonitorSeries(data, STEP)).toEqual({ ok: true, points: expected });
  });

  it.each([
    ['first element without timestamp', [5, 6]],
    ['first element with a bad value', [[1000, 'x']]],
    ['a later element that is not a value', [[1000, 1], { a: 1 }]],
    ['a string value', [[1000, [1, 2]], 'oops']],
  ])('rejects %s', (_name, data) => {
    const result = decodeMonitorSeries(data, STEP);
    expect(result.ok).toBe(false);
  });

  it('rejects a non-positive step', () => {
    expect(decodeMonitorSeries([[1, 1]], 0).ok).toBe(false);
  });
});
