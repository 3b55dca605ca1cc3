import { describe, expect, it } from '@jest/globals';
import { findOverlaps } from './overlaps.js';

describe('findOverlaps', () => {
  it.each([
    ['disjoint siblings', [['a', '10.0.0.0/24'], ['b', '10.0.1.0/24']], 0],
    ['equal ranges', [['a', '10.0.0.0/24'], ['b', '10.0.0.0/24']], 1],
    ['one inside another', [['a', '10.0.0.0/16'], ['b', '10.0.5.0/24']], 1],
    ['three pairwise', [['a', '10.0.0.0/8'], ['b', '10.1.0.0/16'], ['c', '10.1.2.0/24']], 3],
    ['adjacent', [['a', '10.0.0.0/25'], ['b', '10.0.0.128/25']], 0],
    ['none', [], 0],
  ] as const)('%s', (_name, ranges, expected) => {
    const result = findOverlaps(ranges.map(([owner, cidr]) => ({ owner, cidr })));
    expect(result.ok ? 0 : result.problems.length).toBe(expected);
  });

  it('reports an unparseable range as a problem', () => {
    const result = findOverlaps([{ owner: 'a', cidr: 'ten/8' }]);
    expect(result).toEqual({ ok: false, problems: ['a: unparseable range "ten/8"'] });
  });
});
