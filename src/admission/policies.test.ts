import { describe, expect, it } from '@jest/globals';
import { renderAdmissionParams } from './params.js';
import { renderAdmissionPolicies } from './policies.js';

const set = renderAdmissionPolicies({ paramRef: { name: 'p', namespace: 'ns' } });

describe('renderAdmissionPolicies', () => {
  it('binds each policy by name to the parameters, denying when they are missing', () => {
    for (const { policy, binding } of [set.namespaceLabels, set.managedNetworkPolicies, set.strictNetworkPolicies]) {
      expect(binding.spec.policyName).toBe(policy.metadata?.name);
      expect(binding.spec.paramRef).toEqual({ name: 'p', namespace: 'ns', parameterNotFoundAction: 'Deny' });
      expect(binding.spec.validationActions).toEqual(['Deny']);
      expect(policy.spec.paramKind).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
      expect(policy.spec.failurePolicy).toBe('Fail');
    }
  });

  it('confines strict mode to managed namespaces, and test bindings to their own objects', () => {
    expect(set.strictNetworkPolicies.binding.spec.matchResources).toEqual({ namespaceSelector: { matchExpressions: [{ key: 'sdn.kubesphere.io/workspace', operator: 'Exists' }] } });
    const confined = renderAdmissionPolicies({ namePrefix: 't1', paramRef: { name: 'p', namespace: 'ns' }, extraMatchResources: { namespaceSelector: { matchLabels: { test: 't1' } }, objectSelector: { matchLabels: { o: '1' } } } });
    expect(confined.strictNetworkPolicies.binding.spec.matchResources).toEqual({
      namespaceSelector: { matchLabels: { test: 't1' }, matchExpressions: [{ key: 'sdn.kubesphere.io/workspace', operator: 'Exists' }] },
      objectSelector: { matchLabels: { o: '1' } },
    });
    expect(confined.namespaceLabels.policy.metadata?.name).toBe('t1-protected-namespace-labels');
  });

  it('lets Kubernetes garbage collection delete managed policies, but not relabel namespaces', () => {
    const privileged = (p: typeof set.namespaceLabels.policy): string => ((p.spec.variables as { name: string; expression: string }[]).find((v) => v.name === 'privileged')?.expression ?? '');
    expect(privileged(set.managedNetworkPolicies.policy)).toContain('system:serviceaccount:kube-system:generic-garbage-collector');
    expect(privileged(set.namespaceLabels.policy)).not.toContain('generic-garbage-collector');
  });
});

describe('renderAdmissionParams', () => {
  it('joins the lists and defaults the admin groups', () => {
    expect(renderAdmissionParams({ name: 'p', namespace: 'ns', controllerUsers: ['a', 'b'] }).data).toEqual({
      controllerUsers: 'a,b',
      adminGroups: 'system:masters,system:serviceaccounts:kubesphere-system',
      adminUsers: '',
    });
  });
});
