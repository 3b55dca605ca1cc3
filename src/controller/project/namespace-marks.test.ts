import { describe, expect, it } from '@jest/globals';
import { markPatch, unmarkPatch } from './namespace-marks.js';

const POOLS = 'cni.projectcalico.org/ipv4pools';
const ns = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}, deleting = false) => ({
  metadata: { name: 'a', labels, annotations, ...(deleting ? { deletionTimestamp: '2030-01-01T00:00:00Z' } : {}) },
});

describe('markPatch', () => {
  it.each([
    ['an unmarked namespace', ns(), { [POOLS]: '["tnc-a"]' }, { metadata: { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { [POOLS]: '["tnc-a"]' } } }],
    ['a namespace marked for another workspace', ns({ 'sdn.kubesphere.io/workspace': 'v' }), {}, { metadata: { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: {} } }],
    ['a namespace already marked', ns({ 'sdn.kubesphere.io/workspace': 'w' }, { [POOLS]: '["tnc-a"]' }), { [POOLS]: '["tnc-a"]' }, undefined],
  ])('%s', (_name, namespace, annotations, expected) => {
    expect(markPatch(namespace, 'w', { labels: {}, annotations })).toEqual(expected);
  });

  it('sets guard labels and removes annotations whose desired value is null', () => {
    const namespace = ns({ 'sdn.kubesphere.io/workspace': 'w' }, { limit: '10M' });
    expect(markPatch(namespace, 'w', { labels: { psa: 'baseline' }, annotations: { limit: null } })).toEqual({
      metadata: { labels: { psa: 'baseline', 'sdn.kubesphere.io/workspace': 'w' }, annotations: { limit: null } },
    });
    expect(markPatch(ns({ 'sdn.kubesphere.io/workspace': 'w', psa: 'baseline' }), 'w', { labels: { psa: 'baseline' }, annotations: { limit: null } })).toBeUndefined();
  });
});

describe('unmarkPatch', () => {
  it.each([
    ['a marked namespace', ns({ 'sdn.kubesphere.io/workspace': 'w' }, { [POOLS]: 'x', other: 'y' }), { metadata: { labels: { 'sdn.kubesphere.io/workspace': null }, annotations: { [POOLS]: null } } }],
    ['a namespace with guard marks', ns({ 'sdn.kubesphere.io/workspace': 'w', psa: 'baseline' }, { limit: '1M' }), { metadata: { labels: { 'sdn.kubesphere.io/workspace': null, psa: null }, annotations: { limit: null } } }],
    ['a namespace without marks', ns({ keep: 'me' }), undefined],
    ['a namespace being deleted', ns({ 'sdn.kubesphere.io/workspace': 'w' }, {}, true), undefined],
  ])('%s', (_name, namespace, expected) => {
    expect(unmarkPatch(namespace, { labels: ['psa'], annotations: [POOLS, 'limit'] })).toEqual(expected);
  });
});
