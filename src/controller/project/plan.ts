// The project reconciler's decisions, pure: from what it has observed so far — the project's VPC,
// the subnet reserved for it, the provider's answer, the policies written — the next thing to do,
// and in the end the one status patch. The reconciler observes, asks again, and applies
// (reconciler.ts).
import { ANNOTATION_GATEWAY, ANNOTATION_PHASE, ANNOTATION_SUBNET, ANNOTATION_VPC } from '../../api/constants.js';
import { CONDITION_POLICY_APPLIED, CONDITION_READY, CONDITION_SUBNET_PROVISIONED } from '../../api/conditions.js';
import { gatewayOf, parseCidr } from '../../ipam/index.js';
import type { SubnetState } from '../../providers/contract.js';
import { EXHAUSTION_RECHECK_MS, isExhaustion, type FailureReport, type ProviderOutcome } from '../outcome.js';
import { condition, degradedConditions, newFailure, type Degradation, type Report } from '../report.js';

/**
 * A project created moments ago usually sees its VPC within a second (the workspace network's
 * change re-queues it): the transient Pending write is skipped that long, and only a real wait is
 * reported.
 */
export const WAIT_BEFORE_PENDING_MS = 10_000;
/** A provider's subnet that is not ready yet is asked again after this long. */
export const SUBNET_PROGRESS_RECHECK_MS = 2000;

/** The address step: the project's subnet reserved, refused by the VPC, or the VPC's allocator unusable. */
export type SubnetRangeOutcome =
  | { readonly kind: 'reserved'; readonly cidr: string }
  | { readonly kind: 'refused'; readonly reason: string; readonly message: string }
  | { readonly kind: 'invalidConfig'; readonly message: string };

export interface ProjectObserved {
  readonly workspace: string;
  /** The Ready reason the object shows now (a failure already reported is not announced again). */
  readonly readyReason?: string;
  /** The object has no status yet (it was never reported on). */
  readonly newlyCreated: boolean;
  readonly ageMs: number;
  /** The workspace's VPC, once it is Ready with a range and an id. */
  readonly vpc?: { readonly cidr: string; readonly id: string };
  readonly range?: SubnetRangeOutcome;
  /**
   * The namespace names a subnet (provider annotations) although none is recorded in status: a
   * crash came between marking it and the status write, and the range reserved now may differ, so
   * the provider may replace the subnet the annotation names. Cleared before the provider is asked.
   */
  readonly unrecordedMarks?: boolean;
  readonly subnet?: ProviderOutcome<SubnetState>;
  /**
   * Provider annotation keys whose value on the namespace is someone else's (e.g. KubeSphere's
   * network extension binding its own pool), with that value: left alone and reported as Degraded.
   */
  readonly foreignAnnotations?: Readonly<Record<string, string>>;
  /** The object shows Degraded=True now. */
  readonly degraded?: boolean;
  /** The namespace carries our label, the provider's annotations and the tenant-visible ones. */
  readonly namespaceMarked?: boolean;
  /** The managed policies agree with the rendered ones: how many there are, or why writing failed. */
  readonly policies?: { readonly ok: true; readonly count: number } | { readonly ok: false; readonly failure: FailureReport; readonly error: unknown };
}

export type ProjectStep =
  | { readonly kind: 'reserveSubnet'; readonly vpcCidr: string }
  | { readonly kind: 'clearNamespaceMarks' }
  | { readonly kind: 'ensureSubnet'; readonly cidr: string; readonly gateway: string; readonly vpc: { readonly cidr: string; readonly id: string } }
  | { readonly kind: 'markNamespace'; readonly annotations: Readonly<Record<string, string>> }
  | { readonly kind: 'applyPolicies' }
  | Report;

function notReady(o: ProjectObserved, phase: 'Pending' | 'Provisioning' | 'Failed', reason: string, message: string, fields: Record<string, unknown> = {}, subnetCondition = false): Report {
  return {
    kind: 'report',
    status: {
      fields: { phase, ...fields },
      conditions: [condition(CONDITION_READY, false, reason, message), ...(subnetCondition ? [condition(CONDITION_SUBNET_PROVISIONED, false, reason, message)] : [])],
    },
    // Waiting and retrying are not news; a failure is, once per reason.
    ...(phase === 'Failed' ? newFailure(o.readyReason, reason, message) : {}),
  };
}

/** What a project's own users see on their namespace; the phase is Ready unless the report says otherwise. */
function tenantView(subnet: SubnetState, vpcId: string): Record<string, string> {
  return { [ANNOTATION_SUBNET]: subnet.cidr, [ANNOTATION_GATEWAY]: subnet.gateway, [ANNOTATION_VPC]: vpcId, [ANNOTATION_PHASE]: 'Ready' };
}

/** Why the project's pods may not use its subnet: another writer's value on the provider's annotation. */
function foreignProblem(foreign: Readonly<Record<string, string>> | undefined): Degradation | undefined {
  const entries = Object.entries(foreign ?? {});
  if (entries.length === 0) return undefined;
  const shown = entries.map(([k, v]) => `${k}=${v}`).join(', ');
  return {
    reason: 'ForeignPoolAnnotation',
    message: `the namespace's ${shown} was set by someone else (e.g. KubeSphere's network extension); left as it is, so the project's pods do not draw from subnet pools the controller made — remove it to hand the namespace back`,
  };
}

export function planProject(o: ProjectObserved): ProjectStep {
  if (o.vpc === undefined) {
    if (o.newlyCreated && o.ageMs < WAIT_BEFORE_PENDING_MS) return { kind: 'report', result: { requeueAfterMs: WAIT_BEFORE_PENDING_MS } };
    return notReady(o, 'Pending', 'WaitingForWorkspace', `workspace ${o.workspace} has no ready VPC yet`);
  }
  if (o.range === undefined) return { kind: 'reserveSubnet', vpcCidr: o.vpc.cidr };
  switch (o.range.kind) {
    case 'invalidConfig':
      return notReady(o, 'Failed', 'InvalidSubnetConfig', o.range.message);
    case 'refused': {
      const report = notReady(o, 'Failed', o.range.reason, o.range.message, {}, true);
      return isExhaustion(o.range.reason) ? { ...report, result: { requeueAfterMs: EXHAUSTION_RECHECK_MS } } : report;
    }
    case 'reserved':
      break;
  }
  const cidr = o.range.cidr;
  const parsed = parseCidr(cidr);
  const gateway = parsed.ok ? gatewayOf(parsed.cidr) ?? '' : '';
  if (o.subnet === undefined) return o.unrecordedMarks === true ? { kind: 'clearNamespaceMarks' } : { kind: 'ensureSubnet', cidr, gateway, vpc: o.vpc };
  if (!o.subnet.ok) {
    const { reason, message, retryable } = o.subnet.failure;
    // The reserved range is recorded either way, so it is never handed to another project.
    const report = notReady(o, retryable ? 'Provisioning' : 'Failed', reason, message, { cidr, gateway, vpcId: o.vpc.id }, true);
    return retryable ? { ...report, rethrow: { error: o.subnet.error } } : report;
  }
  const subnet = o.subnet.state;
  // Marked once the subnet is usable: the provider's annotations may name it only then, and the
  // tenant-visible ones are written in the same patch (a subnet still joining waits one pass).
  if (subnet.ready && o.namespaceMarked === undefined) {
    const foreign = o.foreignAnnotations ?? {};
    const ours = Object.entries(subnet.namespaceAnnotations ?? {}).filter(([k]) => !(k in foreign));
    return { kind: 'markNamespace', annotations: { ...Object.fromEntries(ours), ...tenantView(subnet, o.vpc.id) } };
  }
  if (o.policies === undefined) return { kind: 'applyPolicies' };
  const fields = { cidr: subnet.cidr, gateway: subnet.gateway, subnetId: subnet.id, vpcId: o.vpc.id };
  if (!o.policies.ok) {
    const { reason, message, retryable } = o.policies.failure;
    // Always retried: the policy is what isolates the project.
    return {
      kind: 'report',
      status: { fields: { phase: retryable ? 'Provisioning' : 'Failed', ...fields }, conditions: [condition(CONDITION_POLICY_APPLIED, false, reason, message), condition(CONDITION_READY, false, reason, message)] },
      rethrow: { error: o.policies.error },
    };
  }
  const reason = subnet.ready ? 'Provisioned' : 'InProgress';
  const message = subnet.ready ? `subnet ${subnet.id} (${subnet.cidr})` : subnet.message ?? 'subnet is being created';
  const problem = foreignProblem(o.foreignAnnotations);
  return {
    kind: 'report',
    status: {
      fields: { phase: subnet.ready ? 'Ready' : 'Provisioning', ...fields },
      conditions: [
        condition(CONDITION_SUBNET_PROVISIONED, subnet.ready, reason, message),
        condition(CONDITION_POLICY_APPLIED, true, 'Applied', `${o.policies.count} managed NetworkPolicy object(s)`),
        condition(CONDITION_READY, subnet.ready, reason, message),
        ...degradedConditions(problem, o.degraded === true),
      ],
    },
    // Announced once, when it first shows.
    ...(problem !== undefined && o.degraded !== true ? { warning: problem } : {}),
    ...(subnet.ready ? {} : { result: { requeueAfterMs: SUBNET_PROGRESS_RECHECK_MS } }),
  };
}
