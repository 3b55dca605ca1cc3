import { describe, expect, it } from '@jest/globals';
import { cachedPolicy, policySpecDigest } from './cached-policy.js';

describe('cachedPolicy', () => {
  const policy = {
    metadata: { name: 'p', namespace: 'a', managedFields: [{ manager: 'x' }] },
    spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }], egress: [] },
  };

  it('keeps the metadata and a digest in place of the spec', () => {
    expect(cachedPolicy(policy)).toEqual({ metadata: { name: 'p', namespace: 'a' }, specDigest: policySpecDigest(policy.spec) });
  });

  it('digests the rendered and the stored form of a spec alike, and other specs apart', () => {
    const stored = { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] };
    expect(policySpecDigest(policy.spec)).toBe(policySpecDigest(stored));
    expect(policySpecDigest(policy.spec)).not.toBe(policySpecDigest({ ...stored, ingress: [{ ports: [{ protocol: 'UDP', port: 80 }] }] }));
    expect(policySpecDigest(policy.spec)).toHaveLength(22);
  });
});
