import { describe, expect, it } from '@jest/globals';
import { ControllerError } from '../../util/errors.js';
import { planProject, type ProjectObserved } from './plan.js';

const base: ProjectObserved = { workspace: 'w', newlyCreated: false, ageMs: 60_000 };
const vpc = { cidr: '10.128.0.0/16', id: 'vpc-1' };
const reserved = { kind: 'reserved', cidr: '10.128.3.0/24' } as const;
const subnet = (ready: boolean, namespaceAnnotations?: Record<string, string>) => ({
  ok: true as const,
  state: { id: 'sub-1', cidr: '10.128.3.0/24', gateway: '10.128.3.1', ready, ...(ready ? {} : { message: 'joining' }), ...(namespaceAnnotations === undefined ? {} : { namespaceAnnotations }) },
});
const failed = (retryable: boolean) => ({ ok: false as const, failure: { reason: 'Busy', message: 'later', retryable }, error: new ControllerError('Busy', 'later', { retryable }) });
const provisioned = { ...base, vpc, range: reserved, subnet: subnet(true), namespaceMarked: true };
const cond = (type: string, status: 'True' | 'False', reason: string, message: string) => ({ type, status, reason, message });

describe('planProject', () => {
  it.each([
    ['no VPC yet, just created: wait quietly', { ...base, newlyCreated: true, ageMs: 2000 }, { kind: 'report', result: { requeueAfterMs: 10_000 } }],
    ['no VPC yet, a while on: Pending', base, { kind: 'report', status: { fields: { phase: 'Pending' }, conditions: [cond('Ready', 'False', 'WaitingForWorkspace', 'workspace w has no ready VPC yet')] } }],
    ['a VPC: reserve the subnet', { ...base, vpc }, { kind: 'reserveSubnet', vpcCidr: '10.128.0.0/16' }],
    ['a subnet: ask the provider, with its gateway', { ...base, vpc, range: reserved }, { kind: 'ensureSubnet', cidr: '10.128.3.0/24', gateway: '10.128.3.1', vpc }],
    ['a subnet, and the namespace names one no status records (a crash before the status write): clear that first', { ...base, vpc, range: reserved, unrecordedMarks: true }, { kind: 'clearNamespaceMarks' }],
    ['the provider answered: mark the namespace with its annotations and what its users may see', { ...base, vpc, range: reserved, subnet: subnet(true, { a: 'b' }) }, {
      kind: 'markNamespace',
      annotations: { a: 'b', 'sdn.kubesphere.io/subnet': '10.128.3.0/24', 'sdn.kubesphere.io/gateway': '10.128.3.1', 'sdn.kubesphere.io/vpc': 'vpc-1', 'sdn.kubesphere.io/phase': 'Ready' },
    }],
    ['a subnet still joining: no namespace marks yet, the policies first', { ...base, vpc, range: reserved, subnet: subnet(false, { a: 'b' }) }, { kind: 'applyPolicies' }],
    ['marked: write the policies', provisioned, { kind: 'applyPolicies' }],
    ['an unusable VPC allocator: Failed, announced', { ...base, vpc, range: { kind: 'invalidConfig', message: 'bad size' } }, {
      kind: 'report', status: { fields: { phase: 'Failed' }, conditions: [cond('Ready', 'False', 'InvalidSubnetConfig', 'bad size')] }, warning: { reason: 'InvalidSubnetConfig', message: 'bad size' },
    }],
    ['a full VPC: Failed, looked at again later', { ...base, vpc, range: { kind: 'refused', reason: 'NoAvailableSubnet', message: 'full' } }, {
      kind: 'report',
      status: { fields: { phase: 'Failed' }, conditions: [cond('Ready', 'False', 'NoAvailableSubnet', 'full'), cond('SubnetProvisioned', 'False', 'NoAvailableSubnet', 'full')] },
      warning: { reason: 'NoAvailableSubnet', message: 'full' },
      result: { requeueAfterMs: 60_000 },
    }],
    ['a terminal provider failure: Failed with the range recorded', { ...base, vpc, range: reserved, subnet: failed(false) }, {
      kind: 'report',
      status: { fields: { phase: 'Failed', cidr: '10.128.3.0/24', gateway: '10.128.3.1', vpcId: 'vpc-1' }, conditions: [cond('Ready', 'False', 'Busy', 'later'), cond('SubnetProvisioned', 'False', 'Busy', 'later')] },
      warning: { reason: 'Busy', message: 'later' },
    }],
    ['policies in place, subnet ready: Ready', { ...provisioned, policies: { ok: true, count: 1 } }, {
      kind: 'report',
      status: {
        fields: { phase: 'Ready', cidr: '10.128.3.0/24', gateway: '10.128.3.1', subnetId: 'sub-1', vpcId: 'vpc-1' },
        conditions: [cond('SubnetProvisioned', 'True', 'Provisioned', 'subnet sub-1 (10.128.3.0/24)'), cond('PolicyApplied', 'True', 'Applied', '1 managed NetworkPolicy object(s)'), cond('Ready', 'True', 'Provisioned', 'subnet sub-1 (10.128.3.0/24)')],
      },
    }],
    ['policies in place, subnet still joining: Provisioning, asked again soon', { ...provisioned, subnet: subnet(false), policies: { ok: true, count: 1 } }, {
      kind: 'report',
      status: {
        fields: { phase: 'Provisioning', cidr: '10.128.3.0/24', gateway: '10.128.3.1', subnetId: 'sub-1', vpcId: 'vpc-1' },
        conditions: [cond('SubnetProvisioned', 'False', 'InProgress', 'joining'), cond('PolicyApplied', 'True', 'Applied', '1 managed NetworkPolicy object(s)'), cond('Ready', 'False', 'InProgress', 'joining')],
      },
      result: { requeueAfterMs: 2000 },
    }],
    ['a foreign value on the pool annotation: marked without it', { ...base, vpc, range: reserved, subnet: subnet(true, { a: 'ours', b: 'ours' }), foreignAnnotations: { a: 'theirs' } }, {
      kind: 'markNamespace',
      annotations: { b: 'ours', 'sdn.kubesphere.io/subnet': '10.128.3.0/24', 'sdn.kubesphere.io/gateway': '10.128.3.1', 'sdn.kubesphere.io/vpc': 'vpc-1', 'sdn.kubesphere.io/phase': 'Ready' },
    }],
  ] as [string, ProjectObserved, unknown][])('%s', (_name, observed, step) => {
    expect(planProject(observed)).toEqual(step);
  });

  it('reports a retryable provider failure as Provisioning and rethrows it', () => {
    const observed = { ...base, vpc, range: reserved, subnet: failed(true) };
    const step = planProject(observed);
    expect(step).toMatchObject({ kind: 'report', status: { fields: { phase: 'Provisioning' } }, rethrow: { error: observed.subnet.error } });
    expect(step).not.toHaveProperty('warning');
  });

  it.each([[true, 'Provisioning'], [false, 'Failed']])('rethrows any policy failure (retryable %s → %s), unannounced', (retryable, phase) => {
    const observed = { ...provisioned, policies: failed(retryable) };
    expect(planProject(observed)).toEqual({
      kind: 'report',
      status: { fields: { phase, cidr: '10.128.3.0/24', gateway: '10.128.3.1', subnetId: 'sub-1', vpcId: 'vpc-1' }, conditions: [cond('PolicyApplied', 'False', 'Busy', 'later'), cond('Ready', 'False', 'Busy', 'later')] },
      rethrow: { error: observed.policies.error },
    });
  });
});

describe('planProject: a foreign pool annotation', () => {
  const done = { ...provisioned, policies: { ok: true as const, count: 1 } };
  const degraded = (step: ReturnType<typeof planProject>) => (step.kind === 'report' ? step.status?.conditions.find((c) => c.type === 'Degraded') : undefined);

  it('is reported as Degraded (Ready stays), and announced once', () => {
    const first = planProject({ ...done, foreignAnnotations: { 'cni.projectcalico.org/ipv4pools': '["ks-pool"]' } });
    expect(degraded(first)).toEqual({ type: 'Degraded', status: 'True', reason: 'ForeignPoolAnnotation', message: expect.stringMatching(/cni.projectcalico.org\/ipv4pools=\["ks-pool"\] was set by someone else/) });
    expect(first.kind === 'report' && first.status?.fields.phase).toBe('Ready');
    expect(first.kind === 'report' && first.warning?.reason).toBe('ForeignPoolAnnotation');
    const again = planProject({ ...done, foreignAnnotations: { 'cni.projectcalico.org/ipv4pools': '["ks-pool"]' }, degraded: true });
    expect(again.kind === 'report' && again.warning).toBeUndefined();
  });

  it('clears Degraded once the value is gone, and adds no condition to a project that never had one', () => {
    expect(degraded(planProject({ ...done, degraded: true }))).toEqual({ type: 'Degraded', status: 'False', reason: 'AsExpected', message: 'no problem found' });
    expect(degraded(planProject(done))).toBeUndefined();
  });
});
