import { describe, expect, it } from '@jest/globals';
import type { AddressUsageRequest } from '../contract.js';
import { addressUsageOf, usedInBlock, type IpamBlockObject } from './ipam-usage.js';

const subnet = (project: string, cidr: string): AddressUsageRequest => ({ workspace: 'w', project, projectUid: `u-${project}`, cidr });
const block = (cidr: string, allocations: readonly (number | null)[], deleted = false): IpamBlockObject => ({ metadata: { name: cidr.replace(/[./]/g, '-') }, spec: { cidr, allocations, ...(deleted ? { deleted } : {}) } });
const free = (n: number): null[] => Array<null>(n).fill(null);

describe('usedInBlock', () => {
  it.each([
    ['an empty block', block('10.0.0.0/28', free(16)), 0],
    ['three allocations', block('10.0.0.0/28', [0, null, 1, 2, ...free(12)]), 3],
    ['a block Calico is deleting', block('10.0.0.0/28', [0, 1], true), 0],
    ['a block without allocations', { spec: { cidr: '10.0.0.0/28' } }, 0],
  ])('%s', (_name, b, expected) => {
    expect(usedInBlock(b)).toBe(expected);
  });
});

describe('addressUsageOf', () => {
  const subnets = [subnet('a', '10.128.0.0/24'), subnet('b', '10.128.1.0/24'), subnet('c', '10.128.2.0/23')];

  it('sums the blocks inside each subnet, ignores other pools, and answers for every subnet', () => {
    const blocks = [
      block('10.128.0.0/28', [0, 1, ...free(14)]),
      block('10.128.0.16/28', [0, ...free(15)]),
      block('10.128.3.240/28', [0, 1, 2, ...free(13)]),
      block('10.244.0.0/26', [0, 1, 2, 3]), // Calico's default pool
      block('not-a-cidr', [0]),
    ];
    expect(addressUsageOf(subnets, blocks).map((u) => [u.subnet.project, u.used])).toEqual([['a', 3], ['b', 0], ['c', 3]]);
  });

  it('does not credit a block to a subnet it only starts after', () => {
    expect(addressUsageOf([subnet('a', '10.128.0.0/25')], [block('10.128.0.128/28', [0])])).toEqual([{ subnet: subnet('a', '10.128.0.0/25'), used: 0 }]);
  });

  it('skips a subnet whose recorded range does not parse', () => {
    expect(addressUsageOf([subnet('x', 'nonsense')], [])).toEqual([]);
  });

  it('counts 5,000 subnets against 20,000 blocks quickly (one binary search per block)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => subnet(`p${i}`, `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24`));
    const blocks = many.flatMap((s) => [0, 16, 32, 48].map((offset) => block(s.cidr.replace(/\.0\/24$/, `.${offset}/28`), [0, null])));
    const started = performance.now();
    const usage = addressUsageOf(many, blocks);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(usage.every((u) => u.used === 4)).toBe(true);
  });
});
