import { describe, expect, it } from '@jest/globals';
import { FreeListFloor } from './free-list-floor.js';

describe('FreeListFloor', () => {
  it('hands out distinct blocks, repeats an owner\'s block, reuses released ones first-in-first-out and runs out', () => {
    const floor = new FreeListFloor(10 << 24, 30, 31);
    expect(floor.allocate('a')).toBe('10.0.0.0/31');
    expect(floor.allocate('b')).toBe('10.0.0.2/31');
    expect(floor.allocate('a')).toBe('10.0.0.0/31');
    expect(floor.allocate('c')).toBeUndefined();
    expect(floor.release('a')).toBe(true);
    expect(floor.release('a')).toBe(false);
    expect(floor.allocate('c')).toBe('10.0.0.0/31');
  });
});
