import { describe, expect, it } from '@jest/globals';
import { applyVxnetChange, blocksOf, listsVxnet } from './vxnet-pool.js';

const change = (add: string[] = [], remove: string[] = []) => ({ add: new Set(add), remove: new Set(remove) });
const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);

describe('applyVxnetChange', () => {
  const live = [{ name: 'vxnet-default' }, { name: 'vxnet-a' }];
  it.each([
    ['adds ours after everyone else\'s', change(['vxnet-b']), ['vxnet-default', 'vxnet-a', 'vxnet-b'], true],
    ['adds nothing already there', change(['vxnet-a']), ['vxnet-default', 'vxnet-a'], false],
    ['removes ours, keeping the rest in order', change([], ['vxnet-a']), ['vxnet-default'], true],
    ['removing one that is not there changes nothing', change([], ['vxnet-gone']), ['vxnet-default', 'vxnet-a'], false],
    ['an add and a remove of the same vxnet: the add wins', change(['vxnet-a'], ['vxnet-a']), ['vxnet-default', 'vxnet-a'], false],
  ])('%s', (_name, c, expected, changed) => {
    const result = applyVxnetChange(live, c);
    expect([names(result.vxnets), result.changed]).toEqual([expected, changed]);
  });
});

describe('listsVxnet and blocksOf', () => {
  it('find a vxnet in the spec and its blocks in the status', () => {
    expect(listsVxnet({ vxnets: [{ name: 'vxnet-a' }] }, 'vxnet-a')).toBe(true);
    expect(listsVxnet(undefined, 'vxnet-a')).toBe(false);
    const status = { pools: [{ name: 'vxnet-a', ippool: 'vxnet-a', subnets: ['4100-172-16-3-0-26'] }, { name: 'vxnet-b', ippool: 'vxnet-b', subnets: [] }] };
    expect(blocksOf(status, 'vxnet-a')).toEqual(['4100-172-16-3-0-26']);
    expect(blocksOf(status, 'vxnet-b')).toBeUndefined();
    expect(blocksOf(undefined, 'vxnet-a')).toBeUndefined();
  });
});
