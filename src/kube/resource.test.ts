import { describe, expect, it } from '@jest/globals';
import { CORE, apiVersionOf, objectKey, resourcePath, splitObjectKey, type ResourceType } from './resource.js';

const wsn: ResourceType = { group: 'sdn.kubesphere.io', version: 'v1alpha1', plural: 'workspacenetworks', kind: 'WorkspaceNetwork', namespaced: false };

describe('resourcePath', () => {
  it.each([
    [CORE.namespaces, {}, '/api/v1/namespaces'],
    [CORE.namespaces, { name: 'a' }, '/api/v1/namespaces/a'],
    [CORE.pods, { namespace: 'ns' }, '/api/v1/namespaces/ns/pods'],
    [CORE.pods, {}, '/api/v1/pods'],
    [CORE.networkPolicies, { namespace: 'ns', name: 'p' }, '/apis/networking.k8s.io/v1/namespaces/ns/networkpolicies/p'],
    [wsn, { name: 'w', subresource: 'status' }, '/apis/sdn.kubesphere.io/v1alpha1/workspacenetworks/w/status'],
    [wsn, { namespace: 'ignored', name: 'w' }, '/apis/sdn.kubesphere.io/v1alpha1/workspacenetworks/w'],
  ])('%o %o → %s', (type, parts, expected) => {
    expect(resourcePath(type, parts)).toBe(expected);
  });

  it('escapes names', () => {
    expect(resourcePath(CORE.namespaces, { name: 'a/b' })).toBe('/api/v1/namespaces/a%2Fb');
  });
});

describe('object keys', () => {
  it('round-trips namespaced and cluster-scoped keys', () => {
    expect(splitObjectKey(objectKey('ns', 'n'))).toEqual({ namespace: 'ns', name: 'n' });
    expect(splitObjectKey(objectKey(undefined, 'n'))).toEqual({ name: 'n' });
    expect(objectKey('', 'n')).toBe('n');
  });

  it('derives apiVersion', () => {
    expect(apiVersionOf(CORE.namespaces)).toBe('v1');
    expect(apiVersionOf(wsn)).toBe('sdn.kubesphere.io/v1alpha1');
  });
});
