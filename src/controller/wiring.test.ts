import { describe, expect, it } from '@jest/globals';
import { onlyStatusChanged } from './wiring.js';

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
