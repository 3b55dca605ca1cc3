import { describe, expect, it } from '@jest/globals';
import type { NetworkPolicy } from '../../policy/index.js';
import { cachedPolicy } from '../cached-policy.js';
import { planPolicySync, policyMatches } from './policy-sync.js';

const desired: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'a', labels: { 'app.kubernetes.io/managed-by': 'tnc' }, ownerReferences: [{ apiVersion: 'v', kind: 'K', name: 'a', uid: 'u', controller: true, blockOwnerDeletion: false }] },
  spec: {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 80 }] }],
    egress: [{ to: [{ ipBlock: { cidr: '::/0', except: [] } }] }],
  },
};

describe('policyMatches', () => {
  // What the apiserver returns: protocol defaulted, empty except dropped, extra metadata.
  const live = cachedPolicy({
    ...desired,
    metadata: { ...desired.metadata, resourceVersion: '5', uid: 'x', labels: { ...desired.metadata.labels, extra: 'yes' } },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 80 }] }], egress: [{ to: [{ ipBlock: { cidr: '::/0' } }] }] },
  });
  const edited = (spec: Record<string, unknown>) => cachedPolicy({ ...desired, metadata: { ...desired.metadata }, spec: { ...desired.spec, ...spec } });

  it('treats the defaulted live object as equal', () => {
    expect(policyMatches(desired, live)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['edited spec', edited({ ingress: [] })],
    ['other port', edited({ ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'UDP', port: 80 }] }] })],
    ['label removed', { ...live, metadata: { ...live.metadata, labels: {} } }],
    ['owner changed', { ...live, metadata: { ...live.metadata, ownerReferences: [] } }],
  ])('detects %s', (_name, other) => {
    expect(policyMatches(desired, other)).toBe(false);
  });
});

describe('planPolicySync', () => {
  const live = (name: string, spec: unknown = desired.spec) => cachedPolicy({ metadata: { ...desired.metadata, name }, spec });

  it.each([
    ['nothing live: apply', [], ['p'], []],
    ['the same live: nothing', [live('p')], [], []],
    ['edited by hand: apply again', [live('p', { podSelector: {} })], ['p'], []],
    ['a policy no longer rendered: delete it', [live('p'), live('old')], [], ['old']],
  ])('%s', (_name, current, applied, deleted) => {
    const sync = planPolicySync([desired], current);
    expect(sync.apply.map((p) => p.metadata.name)).toEqual(applied);
    expect(sync.delete).toEqual(deleted);
  });

  it('deletes everything when nothing is rendered (the namespace is no project)', () => {
    expect(planPolicySync([], [live('p')])).toEqual({ apply: [], delete: ['p'] });
  });
});
