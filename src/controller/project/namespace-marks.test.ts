import { describe, expect, it } from '@jest/globals';
import { markPatch, phasePatch, unmarkPatch } from './namespace-marks.js';

const POOLS = 'cni.projectcalico.org/ipv4pools';
const KEYS = { labels: ['psa'], annotations: ['limit'], providerAnnotations: [POOLS] };
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
    expect(unmarkPatch(namespace, KEYS)).toEqual(expected);
  });

  it.each([
    ['a marked namespace: the annotation only, the label stays for the policies', ns({ 'sdn.kubesphere.io/workspace': 'w' }, { [POOLS]: 'x' }), { metadata: { annotations: { [POOLS]: null } } }],
    ['a namespace whose cached copy shows no annotation yet (it may lag)', ns({ 'sdn.kubesphere.io/workspace': 'w' }), { metadata: { annotations: { [POOLS]: null } } }],
    ['a namespace with guard marks and the tenant view: the guards stay with the label', ns({ 'sdn.kubesphere.io/workspace': 'w', psa: 'baseline' }, { limit: '1M', 'sdn.kubesphere.io/subnet': '10.0.0.0/24' }), { metadata: { annotations: { [POOLS]: null, 'sdn.kubesphere.io/subnet': null } } }],
    ['a namespace being deleted', ns({}, { [POOLS]: 'x' }, true), undefined],
  ])('before the subnet goes: %s', (_name, namespace, expected) => {
    expect(unmarkPatch(namespace, KEYS, true)).toEqual(expected);
  });

  it('before the subnet goes, with a provider that annotates nothing: no patch', () => {
    expect(unmarkPatch(ns({ 'sdn.kubesphere.io/workspace': 'w', psa: 'baseline' }, { limit: '1M' }), { ...KEYS, providerAnnotations: [] }, true)).toBeUndefined();
  });
});

describe('phasePatch', () => {
  it.each([
    ['a namespace that shows no phase (never marked): nothing', undefined, 'Failed', undefined],
    ['the same phase: nothing', 'Ready', 'Ready', undefined],
    ['a report without a phase: nothing', 'Ready', undefined, undefined],
    ['a new phase: the annotation alone', 'Ready', 'Provisioning', { metadata: { annotations: { 'sdn.kubesphere.io/phase': 'Provisioning' } } }],
  ])('%s', (_name, shown, phase, expected) => {
    expect(phasePatch(shown, phase)).toEqual(expected);
  });
});
