import { describe, expect, it } from '@jest/globals';
import { CONTROLLER_NAME, KS_LABEL_WORKSPACE, LABEL_MANAGED_BY, LABEL_NAMESPACE_NAME, LABEL_PROJECT } from '../../../src/api/constants.js';
import type { KubeObject } from '../../../src/kube/kube-client.js';
import { projectNamespaceLabels, renderProjectPolicies } from '../../../src/policy/index.js';
import { checkInvariants, connectivityInputOf, liveProjects, type ClusterObjects, type InvariantConfig, type NetworkObject } from './invariants.js';

const CONFIG: InvariantConfig = { vpcPool: ['10.128.0.0/10'], systemNamespaces: ['kube-system'] };
const LAYOUT = { a: { cidr: '10.128.0.0/16', projects: { 'a-1': '10.128.0.0/24', 'a-2': '10.128.1.0/24' } }, b: { cidr: '10.129.0.0/16', projects: { 'b-1': '10.129.0.0/24' } } };

/** A converged cluster: what the controller writes when everything went well. */
function converged(): ClusterObjects {
  const namespaces: KubeObject[] = [{ metadata: { name: 'kube-system', labels: { [LABEL_NAMESPACE_NAME]: 'kube-system' } } }, { metadata: { name: 'other', labels: { [LABEL_NAMESPACE_NAME]: 'other' } } }];
  const workspaces: KubeObject[] = [];
  const workspaceNetworks: NetworkObject[] = [];
  const projectNetworks: NetworkObject[] = [];
  const ipPools: NetworkObject[] = [];
  for (const [ws, { cidr, projects }] of Object.entries(LAYOUT)) {
    workspaces.push({ metadata: { name: ws } });
    workspaceNetworks.push({ metadata: { name: ws }, spec: { workspace: ws }, status: { phase: 'Ready', cidr } });
    for (const [project, subnet] of Object.entries(projects)) {
      namespaces.push({ metadata: { name: project, labels: { [LABEL_NAMESPACE_NAME]: project, [KS_LABEL_WORKSPACE]: ws, ...projectNamespaceLabels({ name: project, workspace: ws, isolated: false, uid: `uid-${project}` }) }, annotations: { 'cni.projectcalico.org/ipv4pools': `["tnc-${project}"]` } } });
      projectNetworks.push({ metadata: { name: project, uid: `uid-${project}` }, spec: { workspace: ws }, status: { phase: 'Ready', cidr: subnet } });
      ipPools.push({ metadata: { name: `tnc-${project}`, labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME, [LABEL_PROJECT]: project } }, spec: { cidr: subnet } });
    }
  }
  const base: ClusterObjects = { namespaces, workspaces, workspaceNetworks, projectNetworks, projectConnections: [], ipPools, networkPolicies: [] };
  const input = connectivityInputOf(base, liveProjects(base, CONFIG.systemNamespaces), CONFIG);
  const networkPolicies = input.projects.flatMap((p) => renderProjectPolicies(input, p.name)) as KubeObject[];
  return { ...base, networkPolicies };
}

type Mutation = (o: ClusterObjects) => ClusterObjects;
const mapPjn = (project: string, f: (p: NetworkObject) => NetworkObject): Mutation => (o) => ({ ...o, projectNetworks: o.projectNetworks.map((p) => (p.metadata?.name === project ? f(p) : p)) });

const CASES: readonly { readonly name: string; readonly mutate: Mutation; readonly expected: RegExp }[] = [
  { name: 'a WorkspaceNetwork left after its workspace', mutate: (o) => ({ ...o, workspaceNetworks: [...o.workspaceNetworks, { metadata: { name: 'c' }, spec: { workspace: 'c' }, status: { phase: 'Ready', cidr: '10.130.0.0/16' } }] }), expected: /WorkspaceNetwork c has no live workspace \(orphan\)/ },
  { name: 'a project without a ProjectNetwork', mutate: (o) => ({ ...o, projectNetworks: o.projectNetworks.filter((p) => p.metadata?.name !== 'a-2') }), expected: /project a-2 has no ProjectNetwork/ },
  { name: 'a project not Ready', mutate: mapPjn('a-1', (p) => ({ ...p, status: { ...p.status, phase: 'Provisioning' } })), expected: /a-1 is Provisioning, not Ready/ },
  { name: 'two projects sharing addresses', mutate: mapPjn('a-2', (p) => ({ ...p, status: { ...p.status, cidr: '10.128.0.128/25' } })), expected: /project subnets a-1 .* and a-2 .* overlap/ },
  { name: 'a subnet outside its workspace', mutate: mapPjn('b-1', (p) => ({ ...p, status: { ...p.status, cidr: '10.130.0.0/24' } })), expected: /subnet 10.130.0.0\/24 of b-1 is outside workspace b/ },
  { name: 'overlapping workspace ranges', mutate: (o) => ({ ...o, workspaceNetworks: o.workspaceNetworks.map((w) => (w.metadata?.name === 'b' ? { ...w, status: { phase: 'Ready', cidr: '10.128.0.0/15' } } : w)) }), expected: /workspace ranges .* overlap/ },
  { name: 'a workspace range outside the pool', mutate: (o) => ({ ...o, workspaceNetworks: o.workspaceNetworks.map((w) => (w.metadata?.name === 'b' ? { ...w, status: { phase: 'Ready', cidr: '192.168.0.0/16' } } : w)) }), expected: /range 192.168.0.0\/16 is outside the VPC pool/ },
  { name: 'an orphaned IPPool', mutate: (o) => ({ ...o, ipPools: [...o.ipPools, { metadata: { name: 'tnc-gone', labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME, [LABEL_PROJECT]: 'gone' } }, spec: { cidr: '10.128.9.0/24' } }] }), expected: /IPPool tnc-gone .* belongs to no live project/ },
  { name: 'a duplicated IPPool', mutate: (o) => ({ ...o, ipPools: [...o.ipPools, { metadata: { name: 'tnc-a-1-copy', labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME, [LABEL_PROJECT]: 'a-1' } }, spec: { cidr: '10.128.0.0/24' } }] }), expected: /project a-1 has 2 IPPools/ },
  { name: 'an IPPool that disagrees with status', mutate: (o) => ({ ...o, ipPools: o.ipPools.map((p) => (p.metadata?.name === 'tnc-b-1' ? { ...p, spec: { cidr: '10.129.5.0/24' } } : p)) }), expected: /IPPool of b-1 has 10.129.5.0\/24/ },
  { name: 'a namespace naming a pool that does not exist', mutate: (o) => ({ ...o, namespaces: [...o.namespaces, { metadata: { name: 'stray', annotations: { 'cni.projectcalico.org/ipv4pools': '["tnc-gone"]' } } }] }), expected: /namespace stray names IPPool tnc-gone, which does not exist/ },
  { name: 'a namespace naming a disabled pool', mutate: (o) => ({ ...o, namespaces: o.namespaces.map((n) => (n.metadata?.name === 'a-1' ? { metadata: { ...n.metadata, annotations: { 'cni.projectcalico.org/ipv4pools': '["tnc-a-1"]' } } } : n)), ipPools: o.ipPools.map((p) => (p.metadata?.name === 'tnc-a-1' ? { ...p, spec: { ...p.spec, disabled: true } } : p)) }), expected: /namespace a-1 names IPPool tnc-a-1, which does not exist \(or is disabled/ },
  { name: 'an unreadable pool annotation', mutate: (o) => ({ ...o, namespaces: [...o.namespaces, { metadata: { name: 'stray', annotations: { 'cni.projectcalico.org/ipv4pools': 'tnc-x' } } }] }), expected: /namespace stray has an unreadable cni.projectcalico.org\/ipv4pools/ },
  { name: 'a missing policy', mutate: (o) => ({ ...o, networkPolicies: o.networkPolicies.filter((p) => p.metadata?.namespace !== 'b-1') }), expected: /project b-1 has 0 managed NetworkPolicies/ },
  { name: 'an orphaned ProjectNetwork stuck on its finalizer', mutate: (o) => ({ ...o, projectNetworks: [...o.projectNetworks, { metadata: { name: 'gone', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['x'] }, spec: { workspace: 'a' } }] }), expected: /ProjectNetwork gone has no live project \(orphan, stuck deleting\)/ },
  { name: 'a policy that lets another tenant in', mutate: (o) => ({ ...o, networkPolicies: o.networkPolicies.filter((p) => p.metadata?.namespace !== 'b-1').concat([{ ...(o.networkPolicies.find((p) => p.metadata?.namespace === 'b-1') ?? {}), spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] } } as KubeObject]) }), expected: /other -> b-1:80: policies say true, oracle says false/ },
];

describe('checkInvariants', () => {
  it('finds nothing wrong in a converged cluster and counts its checks', () => {
    const report = checkInvariants(converged(), CONFIG);
    expect(report.violations).toEqual([]);
    expect(report.projects).toBe(3);
    // 5 namespaces in the oracle comparison: 25 pairs, plus per-object checks.
    expect(report.checks).toBeGreaterThan(25 + 3 * 5);
  });

  it.each(CASES)('reports $name', ({ mutate, expected }) => {
    const report = checkInvariants(mutate(converged()), CONFIG);
    expect(report.violations.some((v) => expected.test(v))).toBe(true);
  });

  it('ignores a deleted workspace\'s projects once their objects are gone', () => {
    const base = converged();
    const gone: ClusterObjects = {
      ...base,
      workspaces: base.workspaces.filter((w) => w.metadata?.name !== 'b'),
      workspaceNetworks: base.workspaceNetworks.filter((w) => w.metadata?.name !== 'b'),
      projectNetworks: base.projectNetworks.filter((p) => p.spec?.workspace !== 'b'),
      ipPools: base.ipPools.filter((p) => p.metadata?.labels?.[LABEL_PROJECT] !== 'b-1'),
      // The namespace stays, without the annotation that named its pool.
      namespaces: base.namespaces.map((n) => (n.metadata?.name === 'b-1' ? { metadata: { ...n.metadata, annotations: {} } } : n)),
    };
    const left = checkInvariants(gone, CONFIG);
    // The leftover policy still isolates b-1, which is now an ordinary namespace.
    expect(left.violations).toEqual(expect.arrayContaining(['managed NetworkPolicy b-1/tenant-network-isolation is in no live project (orphan)', 'other -> b-1:80: policies say false, oracle says true']));
    expect(checkInvariants({ ...gone, networkPolicies: gone.networkPolicies.filter((p) => p.metadata?.namespace !== 'b-1') }, CONFIG).violations).toEqual([]);
  });

  it('limits the oracle comparison to evenly spread projects', () => {
    const full = checkInvariants(converged(), CONFIG).checks;
    const limited = checkInvariants(converged(), { ...CONFIG, oracleNamespaceLimit: 1 }).checks;
    // 5 namespaces → 3 (one project + kube-system + other): 25 - 9 = 16 fewer pair checks.
    expect(full - limited).toBe(16);
  });
});
