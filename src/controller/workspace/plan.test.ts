import { describe, expect, it } from '@jest/globals';
import { ControllerError } from '../../util/errors.js';
import { planWorkspace, type WorkspaceObserved } from './plan.js';

const base: WorkspaceObserved = { provider: 'calico', controllerProvider: 'calico' };
const range = { ok: true, cidr: '10.128.0.0/16' } as const;
const vpc = (ready: boolean) => ({ ok: true as const, state: { id: 'vpc-1', cidr: '10.128.0.0/16', ready, ...(ready ? {} : { message: 'router is pending' }) } });
const failure = (retryable: boolean) => ({ ok: false as const, failure: { reason: 'QuotaExceeded', message: 'no routers left', retryable }, error: new ControllerError('QuotaExceeded', 'no routers left', { retryable }) });
const ready = (status: 'True' | 'False', reason: string, message: string) => ({ type: 'Ready', status, reason, message });
const vpcCondition = (status: 'True' | 'False', reason: string, message: string) => ({ type: 'VPCProvisioned', status, reason, message });

describe('planWorkspace', () => {
  it.each([
    ['a range is reserved first', base, { kind: 'reserveRange' }],
    ['then the provider is asked for the VPC in it', { ...base, range }, { kind: 'ensureVpc', cidr: '10.128.0.0/16' }],
    ['a ready VPC: Ready, one status patch', { ...base, range, vpc: vpc(true) }, {
      kind: 'report',
      status: { fields: { phase: 'Ready', provider: 'calico', cidr: '10.128.0.0/16', vpcId: 'vpc-1' }, conditions: [vpcCondition('True', 'Provisioned', 'VPC vpc-1 (10.128.0.0/16)'), ready('True', 'Provisioned', 'VPC vpc-1 (10.128.0.0/16)')] },
    }],
    ['a VPC still being made: Provisioning, asked again soon', { ...base, range, vpc: vpc(false) }, {
      kind: 'report',
      status: { fields: { phase: 'Provisioning', provider: 'calico', cidr: '10.128.0.0/16', vpcId: 'vpc-1' }, conditions: [vpcCondition('False', 'InProgress', 'router is pending'), ready('False', 'InProgress', 'router is pending')] },
      result: { requeueAfterMs: 2000 },
    }],
    ['another provider named in spec: Failed, announced', { ...base, provider: 'qingcloud' }, {
      kind: 'report',
      status: { fields: { phase: 'Failed' }, conditions: [ready('False', 'ProviderMismatch', 'spec.provider is qingcloud but this controller runs the calico provider')] },
      warning: { reason: 'ProviderMismatch', message: 'spec.provider is qingcloud but this controller runs the calico provider' },
    }],
    ['an exhausted pool: Failed, looked at again later', { ...base, range: { ok: false, reason: 'NoAvailableVPCRange', message: 'pool full' } }, {
      kind: 'report',
      status: { fields: { phase: 'Failed' }, conditions: [ready('False', 'NoAvailableVPCRange', 'pool full')] },
      warning: { reason: 'NoAvailableVPCRange', message: 'pool full' },
      result: { requeueAfterMs: 60_000 },
    }],
    ['a failure already shown is not announced again', { ...base, readyReason: 'CIDRConflict', range: { ok: false, reason: 'CIDRConflict', message: 'taken' } }, {
      kind: 'report',
      status: { fields: { phase: 'Failed' }, conditions: [ready('False', 'CIDRConflict', 'taken')] },
    }],
  ] as [string, WorkspaceObserved, unknown][])('%s', (_name, observed, step) => {
    expect(planWorkspace(observed)).toEqual(step);
  });

  it('reports a retryable provider failure with the range, and rethrows it for the backoff', () => {
    const observed = { ...base, range, vpc: failure(true) };
    expect(planWorkspace(observed)).toEqual({
      kind: 'report',
      status: { fields: { phase: 'Provisioning', cidr: '10.128.0.0/16', provider: 'calico' }, conditions: [vpcCondition('False', 'QuotaExceeded', 'no routers left'), ready('False', 'QuotaExceeded', 'no routers left')] },
      rethrow: { error: observed.vpc.error },
    });
  });

  it('reports a terminal provider failure in one status patch: Failed, the range recorded, both conditions', () => {
    expect(planWorkspace({ ...base, range, vpc: failure(false) })).toEqual({
      kind: 'report',
      status: { fields: { phase: 'Failed', cidr: '10.128.0.0/16', provider: 'calico' }, conditions: [ready('False', 'QuotaExceeded', 'no routers left'), vpcCondition('False', 'QuotaExceeded', 'no routers left')] },
      warning: { reason: 'QuotaExceeded', message: 'no routers left' },
    });
  });
});

describe('planWorkspace: a provider warning', () => {
  const warned = { ok: true as const, state: { id: 'vpc-1', cidr: '10.128.0.0/16', ready: true, warning: { reason: 'ForeignPoolOverlap', message: 'pool x overlaps' } } };
  const degraded = (step: ReturnType<typeof planWorkspace>) => (step.kind === 'report' ? step.status?.conditions.find((c) => c.type === 'Degraded') : undefined);

  it('is Degraded=True with Ready kept, announced once', () => {
    const first = planWorkspace({ ...base, range, vpc: warned });
    expect(degraded(first)).toEqual({ type: 'Degraded', status: 'True', reason: 'ForeignPoolOverlap', message: 'pool x overlaps' });
    expect(first.kind === 'report' && first.status?.fields.phase).toBe('Ready');
    expect(first.kind === 'report' && first.warning).toEqual({ reason: 'ForeignPoolOverlap', message: 'pool x overlaps' });
    const again = planWorkspace({ ...base, range, vpc: warned, degraded: true });
    expect(again.kind === 'report' && again.warning).toBeUndefined();
  });

  it('turns Degraded False when the problem is gone, and adds nothing where there never was one', () => {
    expect(degraded(planWorkspace({ ...base, range, vpc: vpc(true), degraded: true }))).toMatchObject({ status: 'False', reason: 'AsExpected' });
    expect(degraded(planWorkspace({ ...base, range, vpc: vpc(true) }))).toBeUndefined();
  });
});
