import { describe, expect, it } from '@jest/globals';
import { paramExpressions } from './params.js';
import { CALICO_IPAM_OVERRIDE_ANNOTATIONS } from '../webhook/ipam-overrides.js';
import { renderAdmissionPolicies } from './policies.js';

const set = renderAdmissionPolicies({ params: { controllerUsers: ['system:serviceaccount:ns:sa'] } });
const variable = (p: typeof set.namespaceLabels.policy, name: string): string | undefined => (p.spec.variables as { name: string; expression: string }[]).find((v) => v.name === name)?.expression;

describe('renderAdmissionPolicies', () => {
  it('binds each policy by name, with its parameters compiled in rather than read from a paramKind', () => {
    for (const { policy, binding } of [set.namespaceLabels, set.managedNetworkPolicies, set.strictNetworkPolicies, set.podMetadata, set.podBandwidth]) {
      expect(binding.spec.policyName).toBe(policy.metadata?.name);
      expect(binding.spec).not.toHaveProperty('paramRef');
      expect(binding.spec.validationActions).toEqual(['Deny']);
      expect(policy.spec).not.toHaveProperty('paramKind');
      expect(policy.spec.failurePolicy).toBe('Fail');
      expect(variable(policy, 'controllerUsers')).toBe("['system:serviceaccount:ns:sa']");
      expect(variable(policy, 'adminGroups')).toBe("['system:masters', 'system:serviceaccounts:kubesphere-system']");
      expect(variable(policy, 'adminUsers')).toBe('[]');
      expect(JSON.stringify(policy.spec)).not.toMatch(/\bparams\./);
    }
    expect(variable(set.podBandwidth.policy, 'bandwidthAnnotationSets')).toBe("['kubernetes']");
    expect(variable(set.namespaceLabels.policy, 'bandwidthAnnotationSets')).toBeUndefined();
  });

  it('confines strict mode to managed namespaces, and test bindings to their own objects', () => {
    expect(set.strictNetworkPolicies.binding.spec.matchResources).toEqual({ namespaceSelector: { matchExpressions: [{ key: 'sdn.kubesphere.io/workspace', operator: 'Exists' }] } });
    const confined = renderAdmissionPolicies({ namePrefix: 't1', params: { controllerUsers: [] }, extraMatchResources: { namespaceSelector: { matchLabels: { test: 't1' } }, objectSelector: { matchLabels: { o: '1' } } } });
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

describe('the pod policy', () => {
  const { policy, binding } = set.podMetadata;
  const variable = (name: string): string => ((policy.spec.variables as { name: string; expression: string }[]).find((v) => v.name === name)?.expression ?? '');
  const messages = (policy.spec.validations as { messageExpression: string }[]).map((v) => v.messageExpression);

  it('checks pod creates and updates (not deletes, not subresources such as status) in managed namespaces only', () => {
    expect(policy.spec.matchConstraints).toEqual({ resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }] });
    expect(binding.spec.matchResources).toEqual({ namespaceSelector: { matchExpressions: [{ key: 'sdn.kubesphere.io/workspace', operator: 'Exists' }] } });
    expect(policy.metadata?.name).toBe('tenant-network-protected-pod-metadata');
  });

  it.each([
    ['kubernetes.io/ingress-bandwidth'], ['kubernetes.io/egress-bandwidth'],
    ['qos.projectcalico.org/ingressBandwidth'], ['qos.projectcalico.org/egressBandwidth'],
    ['sdn.kubesphere.io/vpc-id'], ['sdn.kubesphere.io/subnet-id'],
    ['sdn.kubesphere.io/workspace'], ['sdn.kubesphere.io/project'],
  ])('guards %s on update only', (key) => {
    const expression = variable('changedStamps');
    expect(expression).toContain(`'${key}'`);
    expect(expression.startsWith("request.operation != 'UPDATE' ? [] : ")).toBe(true);
  });

  it('guards every Calico IPAM override on create and update, but lets one be removed', () => {
    const expression = variable('ipamOverrides');
    for (const key of CALICO_IPAM_OVERRIDE_ANNOTATIONS) expect(expression).toContain(`'${key}'`);
    expect(expression).not.toContain('request.operation');
    expect(expression).toContain('.filter(k, (k in variables.newAnnotations) && ');
  });

  it('does not exempt Kubernetes controllers, which create pods from tenants\' templates', () => {
    expect(variable('privileged')).not.toContain('system:kube-controller-manager');
    expect(variable('privileged')).toContain('controllerUsers');
  });

  it('names the offending keys in its messages', () => {
    expect(messages).toEqual([expect.stringMatching(/variables\.changedStamps\.join\(', '\)$/), expect.stringMatching(/variables\.ipamOverrides\.join\(', '\)$/)]);
    expect(messages[1]).toContain("the project\\'s own pool");
  });
});

describe('paramExpressions', () => {
  it('renders each list as a CEL list literal, quotes escaped, with the defaults', () => {
    expect(paramExpressions({ controllerUsers: ['a', "o'brien\\x"] })).toEqual({
      controllerUsers: "['a', 'o\\'brien\\\\x']",
      adminGroups: "['system:masters', 'system:serviceaccounts:kubesphere-system']",
      adminUsers: '[]',
      bandwidthAnnotationSets: "['kubernetes']",
    });
  });
});
