import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { flattenParams, type ParamInput } from './params.js';

describe('flattenParams', () => {
  const cases: [string, ParamInput, Record<string, string>][] = [
    ['scalars as text', { count: 1, router_name: 'ks-ws-a', verbose: true, dhcp: false }, { count: '1', router_name: 'ks-ws-a', verbose: '1', dhcp: '0' }],
    ['lists with 1-based indexes', { routers: ['rtr-a', 'rtr-b'] }, { 'routers.1': 'rtr-a', 'routers.2': 'rtr-b' }],
    [
      'lists of structs',
      { resource_tag_pairs: [{ tag_id: 'tag-1', resource_type: 'router', resource_id: 'rtr-a' }, { tag_id: 'tag-1', resource_type: 'vxnet', resource_id: 'vxnet-b' }] },
      {
        'resource_tag_pairs.1.tag_id': 'tag-1',
        'resource_tag_pairs.1.resource_type': 'router',
        'resource_tag_pairs.1.resource_id': 'rtr-a',
        'resource_tag_pairs.2.tag_id': 'tag-1',
        'resource_tag_pairs.2.resource_type': 'vxnet',
        'resource_tag_pairs.2.resource_id': 'vxnet-b',
      },
    ],
    ['a list inside a struct is comma-joined', { rules: [{ protocol: 'tcp', ports: [80, 443] }] }, { 'rules.1.protocol': 'tcp', 'rules.1.ports': '80,443' }],
    ['empty values are never sent', { a: '', b: '   ', c: undefined, d: null, e: Number.NaN, f: [] }, {}],
    ['indexes count only items actually sent', { vxnets: ['', 'vxnet-a', undefined, 'vxnet-b'] }, { 'vxnets.1': 'vxnet-a', 'vxnets.2': 'vxnet-b' }],
    ['empty struct items are skipped', { pairs: [{ tag_id: '' }, { tag_id: 't' }] }, { 'pairs.1.tag_id': 't' }],
    ['values are trimmed', { router_name: '  ws  ', ids: [' a '] }, { router_name: 'ws', 'ids.1': 'a' }],
    ['zero is a value', { offset: 0 }, { offset: '0' }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(flattenParams(input)).toEqual(expected);
  });

  it('never emits an empty or padded value (property)', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(null));
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.oneof(scalar, fc.array(scalar, { maxLength: 5 }))), (input) => {
        for (const value of Object.values(flattenParams(input as ParamInput))) {
          expect(value).not.toBe('');
          expect(value).toBe(value.trim());
        }
      }),
      { numRuns: 300 },
    );
  });
});
