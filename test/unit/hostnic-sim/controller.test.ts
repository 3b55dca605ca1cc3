import { describe, expect, it } from '@jest/globals';
import { blockNames } from '../../hostnic-sim/controller.js';

describe('blockNames (the hostnic simulator)', () => {
  it('cuts a /24 into blocks of the pool size, named as hostnic names them', () => {
    const names = blockNames('vxnet-abc', '172.16.3.0/24', 26);
    expect(names).toHaveLength(4);
    expect(names.map((n) => n.replace(/^\d{4}-/, ''))).toEqual(['172-16-3-0-26', '172-16-3-64-26', '172-16-3-128-26', '172-16-3-192-26']);
    expect(new Set(names.map((n) => n.slice(0, 4))).size).toBe(1);
  });

  it('gives nothing for a range it cannot cut', () => {
    expect(blockNames('vxnet-abc', '172.16.3.0/24', 20)).toEqual([]);
    expect(blockNames('vxnet-abc', 'nonsense', 26)).toEqual([]);
  });
});
