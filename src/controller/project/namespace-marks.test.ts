import { describe, expect, it } from '@jest/globals';
import { markPatch, phasePatch, unmarkPatch } from './namespace-marks.js';

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
    expect(markPatch(namespace, 'w', annotations)).toEqual(expected);
  });
});

describe('unmarkPatch', () => {
  it.each([
    ['a marked namespace', ns({ 'sdn.kubesphere.io/workspace': 'w' }, { [POOLS]: 'x', other: 'y' }), { metadata: { labels: { 'sdn.kubesphere.io/workspace': null }, annotations: { [POOLS]: null } } }],
    ['a namespace without marks', ns({ keep: 'me' }), undefined],
    ['a namespace being deleted', ns({ 'sdn.kubesphere.io/workspace': 'w' }, {}, true), undefined],
  ])('%s', (_name, namespace, expected) => {
    expect(unmarkPatch(namespace, [POOLS])).toEqual(expected);
  });

  it.each([
    ['a marked namespace: the annotation only, the label stays for the policies', ns({ 'sdn.kubesphere.io/workspace': 'w' }, { [POOLS]: 'x' }), { metadata: { annotations: { [POOLS]: null } } }],
    ['a namespace whose cached copy shows no annotation yet (it may lag)', ns({ 'sdn.kubesphere.io/workspace': 'w' }), { metadata: { annotations: { [POOLS]: null } } }],
    ['a namespace being deleted', ns({}, { [POOLS]: 'x' }, true), undefined],
  ])('before the subnet goes: %s', (_name, namespace, expected) => {
    expect(unmarkPatch(namespace, [POOLS], true)).toEqual(expected);
  });

  it('before the subnet goes, with a provider that annotates nothing: no patch', () => {
    expect(unmarkPatch(ns({ 'sdn.kubesphere.io/workspace': 'w' }), [], true)).toBeUndefined();
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
