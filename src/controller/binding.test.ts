import { describe, expect, it } from '@jest/globals';
import { adoptionPatch, bindingOf } from './binding.js';

const owned = (uid: string) => ({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'a', uid }] } });

describe('bindingOf', () => {
  it.each([
    ['no reference', { metadata: {} }, 'u1', 'unbound'],
    ['a reference of another kind', { metadata: { ownerReferences: [{ apiVersion: 'x', kind: 'Other', name: 'a', uid: 'u1' }] } }, 'u1', 'unbound'],
    ['the owner', owned('u1'), 'u1', 'bound'],
    ['a previous owner of the same name', owned('u0'), 'u1', 'stale'],
    ['an owner that is gone', owned('u1'), undefined, 'bound'],
  ])('%s', (_n, object, uid, expected) => {
    expect(bindingOf(object, 'Namespace', uid)).toBe(expected);
  });
});

describe('adoptionPatch', () => {
  it('adds the owner and the finalizer once, guarded by resourceVersion', () => {
    const patch = adoptionPatch({ metadata: { resourceVersion: '7', finalizers: ['other'] } }, { apiVersion: 'v1', kind: 'Namespace', name: 'a', uid: 'u' }, 'mine');
    expect(patch).toEqual({ metadata: { resourceVersion: '7', ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'a', uid: 'u', blockOwnerDeletion: false }], finalizers: ['other', 'mine'] } });
  });
});
