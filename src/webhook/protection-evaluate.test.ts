import { describe, expect, it } from '@jest/globals';
import { evaluateProtection, type ProtectionRequest } from './protection-evaluate.js';
import { PROTECTION_RULES, protectionRule, type ProtectionParams } from './protection-rules.js';

const params: ProtectionParams = { controllerUsers: ['system:serviceaccount:tns:tnc'], adminGroups: ['system:masters'], adminUsers: ['breakglass'], bandwidthAnnotationSets: ['kubernetes'] };
const meta = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({ metadata: { name: 'x', labels, annotations } });
const as = (username: string, operation: string, object: unknown, oldObject?: unknown, groups: string[] = []): ProtectionRequest => ({
  operation, username, groups, ...(object === undefined ? {} : { object }), ...(oldObject === undefined ? {} : { oldObject }),
});
const verdict = (id: Parameters<typeof protectionRule>[0], request: ProtectionRequest) => evaluateProtection(protectionRule(id), request, params);

describe('evaluateProtection: namespace labels', () => {
  const ws = { 'kubesphere.io/workspace': 'a', 'sdn.kubesphere.io/workspace': 'a' };
  it.each([
    ['move to another workspace', meta({ ...ws, 'kubesphere.io/workspace': 'b' }), ['kubesphere.io/workspace']],
    ['remove the controller label', meta({ 'kubesphere.io/workspace': 'a' }), ['sdn.kubesphere.io/workspace']],
    ['add any sdn label', meta({ ...ws, 'sdn.kubesphere.io/project': 'p' }), ['sdn.kubesphere.io/project']],
    ['replace all labels', meta({}), ['kubesphere.io/workspace', 'sdn.kubesphere.io/workspace']],
  ])('refuses a tenant to %s, naming the labels', (_name, object, keys) => {
    const result = verdict('namespace-labels', as('alice', 'UPDATE', object, meta(ws)));
    expect(result).toEqual({ allowed: false, message: `only tenant-network-controller and admins may set, change or remove the namespace label(s) ${keys.join(', ')}` });
  });

  it('lets a tenant change other labels, and the controller and admins change these', () => {
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta({ ...ws, team: 'x' }), meta(ws)))).toEqual({ allowed: true });
    expect(verdict('namespace-labels', as('system:serviceaccount:tns:tnc', 'UPDATE', meta({}), meta(ws)))).toEqual({ allowed: true });
    expect(verdict('namespace-labels', as('bob', 'UPDATE', meta({}), meta(ws), ['system:masters']))).toEqual({ allowed: true });
    expect(verdict('namespace-labels', as('breakglass', 'CREATE', meta(ws)))).toEqual({ allowed: true });
  });

  it('refuses creating a namespace inside a workspace, and does not exempt Kubernetes controllers', () => {
    expect(verdict('namespace-labels', as('alice', 'CREATE', meta({ 'kubesphere.io/workspace': 'b' }))).allowed).toBe(false);
    expect(verdict('namespace-labels', as('system:kube-controller-manager', 'UPDATE', meta({}), meta(ws))).allowed).toBe(false);
  });
});

describe('evaluateProtection: Pod Security labels and sdn annotations on namespaces', () => {
  const project = { 'sdn.kubesphere.io/workspace': 'a' };
  it('guards Pod Security labels on projects only', () => {
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta({ ...project, 'pod-security.kubernetes.io/enforce': 'privileged' }), meta({ ...project, 'pod-security.kubernetes.io/enforce': 'baseline' }))))
      .toEqual({ allowed: false, message: expect.stringMatching(/namespace label\(s\) pod-security\.kubernetes\.io\/enforce$/) });
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta({ 'pod-security.kubernetes.io/enforce': 'restricted' }), meta({})))).toEqual({ allowed: true });
  });

  it('guards sdn.kubesphere.io/* annotations, naming them', () => {
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta(project, { 'sdn.kubesphere.io/egress-bandwidth-limit': '10G' }), meta(project, { 'sdn.kubesphere.io/egress-bandwidth-limit': '10M' }))))
      .toEqual({ allowed: false, message: 'only tenant-network-controller and admins may set, change or remove the namespace annotation(s) sdn.kubesphere.io/egress-bandwidth-limit' });
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta(project, { note: 'mine' }), meta(project)))).toEqual({ allowed: true });
  });

  it("guards Calico's pool binding on projects only (another project's pool), and only that key", () => {
    const pools = 'cni.projectcalico.org/ipv4pools';
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta(project, { [pools]: '["tnc-other"]' }), meta(project, { [pools]: '["tnc-mine"]' }))))
      .toEqual({ allowed: false, message: `only tenant-network-controller and admins may set, change or remove the namespace annotation(s) ${pools}` });
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta({}, { [pools]: '["default"]' }), meta({})))).toEqual({ allowed: true });
    expect(verdict('namespace-labels', as('alice', 'UPDATE', meta(project, { [`${pools}-note`]: 'x' }), meta(project)))).toEqual({ allowed: true });
  });
});

describe('evaluateProtection: a new pod in a project with a bandwidth limit', () => {
  const limited = { 'sdn.kubesphere.io/ingress-bandwidth-limit': '10M', 'sdn.kubesphere.io/egress-bandwidth-limit': '5M' };
  const create = (annotations: Record<string, string>, namespaceAnnotations: Record<string, string> = limited, spec: Record<string, unknown> = {}) =>
    verdict('pod-bandwidth', { ...as('alice', 'CREATE', { ...meta({}, annotations), spec }), namespaceAnnotations });

  it('passes the stamps at or below the limit', () => {
    expect(create({ 'kubernetes.io/ingress-bandwidth': '10M', 'kubernetes.io/egress-bandwidth': '1M' })).toEqual({ allowed: true });
  });

  it('refuses a pod without the stamps or above the limit, naming each problem', () => {
    expect(create({ 'kubernetes.io/ingress-bandwidth': '10G', 'qos.projectcalico.org/egressBandwidth': 'lots' })).toEqual({
      allowed: false,
      message: 'this project has a bandwidth limit, stamped on new pods by the tenant-network-controller webhook (which may be unavailable): kubernetes.io/ingress-bandwidth=10G is above the limit 10M; kubernetes.io/egress-bandwidth is missing; qos.projectcalico.org/egressBandwidth=lots is above the limit 5M',
    });
  });

  it('holds no pod to a missing or malformed limit, nor a host-network pod', () => {
    expect(create({}, {})).toEqual({ allowed: true });
    expect(create({}, { 'sdn.kubesphere.io/ingress-bandwidth-limit': 'fast' })).toEqual({ allowed: true });
    expect(create({}, limited, { hostNetwork: true })).toEqual({ allowed: true });
  });
});

describe('evaluateProtection: NetworkPolicies', () => {
  const managed = meta({ 'app.kubernetes.io/managed-by': 'tenant-network-controller' });
  it.each([
    ['edit', 'UPDATE', managed, managed],
    ['strip the label of', 'UPDATE', meta({}), managed],
    ['forge', 'CREATE', managed, undefined],
    ['delete', 'DELETE', undefined, managed],
  ])('refuses a tenant to %s a managed policy', (_name, operation, object, oldObject) => {
    expect(verdict('managed-networkpolicies', as('alice', operation, object, oldObject))).toEqual({ allowed: false, message: expect.stringContaining('managed by tenant-network-controller') });
  });

  it('lets tenants write their own policies, and the garbage collector delete managed ones', () => {
    expect(verdict('managed-networkpolicies', as('alice', 'CREATE', meta({ app: 'x' })))).toEqual({ allowed: true });
    expect(verdict('managed-networkpolicies', as('system:serviceaccount:kube-system:generic-garbage-collector', 'DELETE', undefined, managed))).toEqual({ allowed: true });
  });

  it('strict mode refuses every write by a tenant', () => {
    expect(verdict('strict-networkpolicies', as('alice', 'CREATE', meta({})))).toEqual({ allowed: false, message: expect.stringContaining('strict mode') });
    expect(verdict('strict-networkpolicies', as('breakglass', 'DELETE', undefined, meta({})))).toEqual({ allowed: true });
  });
});

describe('evaluateProtection: pods', () => {
  const stamped = meta({ 'sdn.kubesphere.io/workspace': 'a' }, { 'kubernetes.io/ingress-bandwidth': '10M' });
  it('refuses changing a stamp after creation, naming it; on create the stamps are the webhook\'s', () => {
    const raised = meta({ 'sdn.kubesphere.io/workspace': 'a' }, { 'kubernetes.io/ingress-bandwidth': '10G' });
    expect(verdict('pod-metadata', as('alice', 'UPDATE', raised, stamped))).toEqual({ allowed: false, message: expect.stringMatching(/after the pod is created .*: kubernetes\.io\/ingress-bandwidth$/) });
    expect(verdict('pod-metadata', as('alice', 'UPDATE', meta({}, { 'kubernetes.io/ingress-bandwidth': '10M' }), stamped))).toEqual({ allowed: false, message: expect.stringMatching(/: sdn\.kubesphere\.io\/workspace$/) });
    expect(verdict('pod-metadata', as('alice', 'CREATE', raised))).toEqual({ allowed: true });
    expect(verdict('pod-metadata', as('alice', 'UPDATE', { metadata: { ...stamped.metadata, labels: { ...stamped.metadata.labels, tier: 'web' } } }, stamped))).toEqual({ allowed: true });
  });

  it('refuses setting or changing a Calico IPAM override on create and update, but not removing one', () => {
    const pools = meta({}, { 'cni.projectcalico.org/ipv4pools': '["other"]' });
    expect(verdict('pod-metadata', as('alice', 'CREATE', pools))).toEqual({ allowed: false, message: expect.stringMatching(/own pool.*: cni\.projectcalico\.org\/ipv4pools$/) });
    expect(verdict('pod-metadata', as('alice', 'UPDATE', meta({}), pools))).toEqual({ allowed: true });
    expect(verdict('pod-metadata', as('system:kube-controller-manager', 'CREATE', pools)).allowed).toBe(false);
  });
});

describe('the rule table', () => {
  it('names each check uniquely within its rule (they become CEL variables)', () => {
    for (const rule of PROTECTION_RULES) expect(new Set(rule.checks.map((c) => c.name)).size).toBe(rule.checks.length);
  });

  it('ignores operations a rule does not guard', () => {
    expect(verdict('pod-metadata', as('alice', 'DELETE', undefined, meta({}, { 'cni.projectcalico.org/ipv4pools': 'x' })))).toEqual({ allowed: true });
  });
});
