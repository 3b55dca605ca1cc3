// How a reconcile ends, as its plan states it: at most one status patch, a Warning Event when a
// failure is new (not on every retry), and the result or the error the work queue sees.
import { CONDITION_DEGRADED, CONDITION_READY } from '../api/conditions.js';
import type { Condition } from '../api/conditions.js';
import type { ConditionInput } from '../kube/conditions.js';
import type { ReconcileResult } from '../kube/controller.js';

export interface StatusUpdate {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly conditions: readonly ConditionInput[];
}

export interface Report {
  readonly kind: 'report';
  /** Absent: nothing to write. */
  readonly status?: StatusUpdate;
  readonly warning?: { readonly reason: string; readonly message: string };
  readonly result?: ReconcileResult;
  /** A retryable failure is reported in status and then thrown, so the queue backs off. */
  readonly rethrow?: { readonly error: unknown };
}

/** The Ready condition's reason the object carries now. */
export function readyReasonOf(status: { readonly conditions?: readonly Condition[] } | undefined): string | undefined {
  return status?.conditions?.find((c) => c.type === CONDITION_READY)?.reason;
}

/** An Event for a failure whose reason the object does not show yet. */
export function newFailure(previousReason: string | undefined, reason: string, message: string): Pick<Report, 'warning'> {
  return previousReason === reason ? {} : { warning: { reason, message } };
}

/** Ends a reconcile as its plan says: the Event, the one status patch, then the result or the error. */
export async function applyReport(report: Report, effects: { warn(reason: string, message: string): void; writeStatus(update: StatusUpdate): Promise<void> }): Promise<ReconcileResult | undefined> {
  if (report.warning !== undefined) effects.warn(report.warning.reason, report.warning.message);
  if (report.status !== undefined) await effects.writeStatus(report.status);
  if (report.rethrow !== undefined) throw report.rethrow.error;
  return report.result;
}

export function condition(type: string, ok: boolean, reason: string, message: string): ConditionInput {
  return { type, status: ok ? 'True' : 'False', reason, message };
}

/** A problem worth knowing on an object that otherwise works (a `Degraded` condition). */
export interface Degradation {
  readonly reason: string;
  readonly message: string;
}

/** Whether the object shows `Degraded=True` now. */
export function degradedShown(status: { readonly conditions?: readonly Condition[] } | undefined): boolean {
  return status?.conditions?.some((c) => c.type === CONDITION_DEGRADED && c.status === 'True') ?? false;
}

/**
 * The Degraded condition a report carries: True with the problem; False once a problem shown
 * before is gone; none at all for an object that never had one (so it costs no write).
 */
export function degradedConditions(problem: Degradation | undefined, shown: boolean): ConditionInput[] {
  if (problem !== undefined) return [condition(CONDITION_DEGRADED, true, problem.reason, problem.message)];
  return shown ? [condition(CONDITION_DEGRADED, false, 'AsExpected', 'no problem found')] : [];
}
