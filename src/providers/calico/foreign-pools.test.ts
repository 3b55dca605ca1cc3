import { describe, expect, it } from '@jest/globals';
import { foreignOverlapWarning } from './foreign-pools.js';

const pool = (name: string, cidr: string) => ({ metadata: { name }, spec: { cidr } });

describe('foreignOverlapWarning', () => {
  it.each([
    ['no foreign pools', [], undefined],
    ["Calico's default pool elsewhere", [pool('default-ipv4-ippool', '10.244.0.0/16')], undefined],
    ['a pool inside the VPC', [pool('ks-pool', '10.128.4.0/24')], /ks-pool \(10\.128\.4\.0\/24\)/],
    ['a pool around the VPC', [pool('wide', '10.0.0.0/8')], /wide \(10\.0\.0\.0\/8\)/],
    ['an unreadable pool range', [pool('odd', 'x')], undefined],
  ])('%s', (_name, pools, expected) => {
    const warning = foreignOverlapWarning('10.128.0.0/16', pools);
    if (expected === undefined) expect(warning).toBeUndefined();
    else expect(warning).toEqual({ reason: 'ForeignPoolOverlap', message: expect.stringMatching(expected) });
  });

  it('names every overlapping pool, sorted', () => {
    expect(foreignOverlapWarning('10.128.0.0/16', [pool('b', '10.128.1.0/24'), pool('a', '10.128.0.0/24')])?.message).toMatch(/: a \(10\.128\.0\.0\/24\), b \(10\.128\.1\.0\/24\);/);
  });
});
