// The workspace reconciler's decisions, pure: from what it has observed so far — the
// WorkspaceNetwork, the range reserved for it, the provider's answer — the next thing to do, and in
// the end the one status patch. The reconciler observes, asks again, and applies (reconciler.ts).
import { CONDITION_READY, CONDITION_VPC_PROVISIONED } from '../../api/conditions.js';
import type { VpcState } from '../../providers/contract.js';
import { EXHAUSTION_RECHECK_MS, isExhaustion, type ProviderOutcome } from '../outcome.js';
import { condition, degradedConditions, newFailure, type Report } from '../report.js';

/** A provider's VPC that is not ready yet is asked again after this long. */
export const VPC_PROGRESS_RECHECK_MS = 2000;

/** The address step: the workspace's range reserved (allocated, or the recorded one re-registered), or refused. */
export type RangeOutcome = { readonly ok: true; readonly cidr: string } | { readonly ok: false; readonly reason: string; readonly message: string };

export interface WorkspaceObserved {
  /** `spec.provider` with the controller's default filled in. */
  readonly provider: string;
  /** The provider this controller runs. */
  readonly controllerProvider: string;
  /** The Ready reason the object shows now (a failure already reported is not announced again). */
  readonly readyReason?: string;
  readonly range?: RangeOutcome;
  readonly vpc?: ProviderOutcome<VpcState>;
  /** The object shows Degraded=True now. */
  readonly degraded?: boolean;
}

export type WorkspaceStep = { readonly kind: 'reserveRange' } | { readonly kind: 'ensureVpc'; readonly cidr: string } | Report;

function failed(o: WorkspaceObserved, reason: string, message: string, fields: Record<string, unknown> = {}, vpcCondition = false): Report {
  return {
    kind: 'report',
    status: {
      fields: { phase: 'Failed', ...fields },
      conditions: [condition(CONDITION_READY, false, reason, message), ...(vpcCondition ? [condition(CONDITION_VPC_PROVISIONED, false, reason, message)] : [])],
    },
    ...newFailure(o.readyReason, reason, message),
  };
}

export function planWorkspace(o: WorkspaceObserved): WorkspaceStep {
  if (o.provider !== o.controllerProvider) {
    return failed(o, 'ProviderMismatch', `spec.provider is ${o.provider} but this controller runs the ${o.controllerProvider} provider`);
  }
  if (o.range === undefined) return { kind: 'reserveRange' };
  if (!o.range.ok) {
    const report = failed(o, o.range.reason, o.range.message);
    return isExhaustion(o.range.reason) ? { ...report, result: { requeueAfterMs: EXHAUSTION_RECHECK_MS } } : report;
  }
  const cidr = o.range.cidr;
  if (o.vpc === undefined) return { kind: 'ensureVpc', cidr };
  if (!o.vpc.ok) {
    const { reason, message, retryable } = o.vpc.failure;
    // The reserved range is recorded either way, so it is never handed out twice.
    if (!retryable) return failed(o, reason, message, { cidr, provider: o.provider }, true);
    return {
      kind: 'report',
      status: {
        fields: { phase: 'Provisioning', cidr, provider: o.provider },
        conditions: [condition(CONDITION_VPC_PROVISIONED, false, reason, message), condition(CONDITION_READY, false, reason, message)],
      },
      rethrow: { error: o.vpc.error },
    };
  }
  const vpc = o.vpc.state;
  const reason = vpc.ready ? 'Provisioned' : 'InProgress';
  const message = vpc.ready ? `VPC ${vpc.id} (${vpc.cidr})` : vpc.message ?? 'VPC is being created';
  return {
    kind: 'report',
    status: {
      fields: { phase: vpc.ready ? 'Ready' : 'Provisioning', provider: o.provider, cidr: vpc.cidr, vpcId: vpc.id },
      conditions: [condition(CONDITION_VPC_PROVISIONED, vpc.ready, reason, message), condition(CONDITION_READY, vpc.ready, reason, message), ...degradedConditions(vpc.warning, o.degraded === true)],
    },
    // A problem is announced once, when it first shows.
    ...(vpc.warning !== undefined && o.degraded !== true ? { warning: vpc.warning } : {}),
    ...(vpc.ready ? {} : { result: { requeueAfterMs: VPC_PROGRESS_RECHECK_MS } }),
  };
}
