import { describe, expect, it } from '@jest/globals';
import { CORE, objectKey, resourcePath, type ResourceType } from './resource.js';

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
  it('keys namespaced objects by namespace/name and cluster-scoped ones by name', () => {
    expect(objectKey('ns', 'n')).toBe('ns/n');
    expect(objectKey(undefined, 'n')).toBe('n');
    expect(objectKey('', 'n')).toBe('n');
  });
});
