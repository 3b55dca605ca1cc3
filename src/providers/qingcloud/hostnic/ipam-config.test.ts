import { describe, expect, it } from '@jest/globals';
import { applyMappingChange, mappedTo, parseIpam, renderIpam, type IpamMapping } from './ipam-config.js';

const change = (map: Record<string, string[]> = {}, unmap: string[] = []) => ({ map: new Map(Object.entries(map)), unmap: new Set(unmap) });

describe('parseIpam', () => {
  it.each([
    ['absent', undefined, { ok: true, mapping: {} }],
    ['empty', '  ', { ok: true, mapping: {} }],
    ['a mapping', '{"Default":["vxnet-a"],"shop":["4100-172-16-3-0-26"]}', { ok: true, mapping: { Default: ['vxnet-a'], shop: ['4100-172-16-3-0-26'] } }],
  ])('reads %s', (_name, text, expected) => {
    expect(parseIpam(text)).toEqual(expected);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['a list', '[]', /not a JSON object/],
    ['a value that is not a list of strings', '{"shop":"4100"}', /\["shop"\] is not a list of strings/],
  ])('refuses %s', (_name, text, message) => {
    const parsed = parseIpam(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('applyMappingChange', () => {
  const live: IpamMapping = { Default: ['vxnet-default'], other: ['b1'], shop: ['old'] };

  it.each([
    ['maps a new namespace, keeping everyone else', change({ cart: ['c1', 'c2'] }), { Default: ['vxnet-default'], other: ['b1'], shop: ['old'], cart: ['c1', 'c2'] }, true],
    ['replaces a namespace\'s blocks in place', change({ shop: ['s1'] }), { Default: ['vxnet-default'], other: ['b1'], shop: ['s1'] }, true],
    ['unmaps a namespace', change({}, ['shop']), { Default: ['vxnet-default'], other: ['b1'] }, true],
    ['unmapping a namespace that is not there changes nothing', change({}, ['gone']), live, false],
    ['mapping to the same blocks changes nothing', change({ shop: ['old'] }), live, false],
    ['a map and an unmap of the same namespace: the map wins', change({ shop: ['new'] }, ['shop']), { Default: ['vxnet-default'], other: ['b1'], shop: ['new'] }, true],
  ])('%s', (_name, c, mapping, changed) => {
    expect(applyMappingChange(live, c)).toEqual({ mapping, changed });
  });
});

describe('mappedTo', () => {
  it('compares blocks as a set', () => {
    expect(mappedTo({ shop: ['b', 'a'] }, 'shop', ['a', 'b'])).toBe(true);
    expect(mappedTo({ shop: ['a'] }, 'shop', ['a', 'b'])).toBe(false);
    expect(mappedTo({}, 'shop', [])).toBe(false);
  });
});

/** A project namespace as KubeSphere names them, and the blocks hostnic cuts from its /24 vxnet. */
function projectMapping(projects: number, blockSize: number): IpamMapping {
  const mapping: Record<string, string[]> = { Default: ['vxnet-0000001'] };
  for (let i = 0; i < projects; i++) {
    const [second, third] = [16 + (Math.floor(i / 256) % 16), i % 256];
    const step = 2 ** (32 - blockSize);
    mapping[`ws${String(i % 100).padStart(2, '0')}-project-${String(i).padStart(4, '0')}`] = Array.from({ length: 256 / step }, (_, b) => `${String(4100 + (i % 900))}-172-${String(second)}-${String(third)}-${String(b * step)}-${String(blockSize)}`);
  }
  return mapping;
}

describe('ConfigMap size at 5,000 projects (a ConfigMap holds at most 1 MiB)', () => {
  const MIB = 1024 * 1024;
  it.each([
    // hostnic's default block size cuts a project's /24 into 4 blocks.
    [26, 600_000],
    [24, 250_000],
  ])('blockSize %i: data.ipam stays under %i bytes', (blockSize, bound) => {
    const bytes = Buffer.byteLength(renderIpam(projectMapping(5000, blockSize)));
    expect(bytes).toBeLessThan(bound);
    expect(bytes).toBeLessThan(MIB);
  });
});
