import { describe, expect, it } from '@jest/globals';
import { isIsolated, onlyStatusChanged } from './wiring.js';

const meta = { name: 'a', generation: 2, finalizers: ['f'], labels: { x: 'y' } };

describe('onlyStatusChanged', () => {
  it.each([
    ['a status write', { type: 'update', old: { metadata: meta, status: { a: 1 } }, object: { metadata: { ...meta, resourceVersion: '9' }, status: { a: 2 } } }, true],
    ['a spec change', { type: 'update', old: { metadata: meta }, object: { metadata: { ...meta, generation: 3 } } }, false],
    ['a finalizer removed', { type: 'update', old: { metadata: meta }, object: { metadata: { ...meta, finalizers: [] } } }, false],
    ['deletion started', { type: 'update', old: { metadata: meta }, object: { metadata: { ...meta, deletionTimestamp: 'now' } } }, false],
    ['a label change', { type: 'update', old: { metadata: meta }, object: { metadata: { ...meta, labels: {} } } }, false],
    ['an add', { type: 'add', object: { metadata: meta } }, false],
  ] as const)('%s → %s', (_name, event, expected) => {
    expect(onlyStatusChanged(event as Parameters<typeof onlyStatusChanged>[0])).toBe(expected);
  });
});

describe('isIsolated', () => {
  it.each([
    ['a plain project', { metadata: { name: 'a' } }, false],
    ['the KubeSphere annotation', { metadata: { name: 'a', annotations: { 'kubesphere.io/network-isolate': 'enabled' } } }, true],
    ['an Isolated ProjectNetwork', { metadata: { name: 'a' }, spec: { isolation: 'Isolated' } }, true],
    ['an Inherit ProjectNetwork', { metadata: { name: 'a' }, spec: { isolation: 'Inherit' } }, false],
  ])('%s → %s', (_name, object, expected) => {
    expect(isIsolated(object)).toBe(expected);
  });
});
