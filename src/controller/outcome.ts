// Turning failures into status: a terminal error becomes a Ready=False condition with its reason
// (and an Event), a retryable one is reported and rethrown so the queue backs off.
import { isControllerError, errorMessage } from '../util/errors.js';

export interface FailureReport {
  readonly reason: string;
  readonly message: string;
  readonly retryable: boolean;
}

export function describeFailure(err: unknown, fallbackReason: string): FailureReport {
  if (isControllerError(err)) return { reason: err.code, message: err.message, retryable: err.retryable };
  return { reason: fallbackReason, message: errorMessage(err), retryable: true };
}

/** Exhausted pools free up only when something else is deleted: look again now and then. */
export const EXHAUSTION_RECHECK_MS = 60_000;

export function isExhaustion(reason: string): boolean {
  return reason === 'NoAvailableSubnet' || reason === 'NoAvailableVPCRange';
}

/** What a provider call gave: its answer, or the failure it threw (with the error, to rethrow). */
export type ProviderOutcome<S> = { readonly ok: true; readonly state: S } | { readonly ok: false; readonly failure: FailureReport; readonly error: unknown };

/** Runs a provider call; its failure becomes an outcome for the plan, not an exception. */
export async function askProvider<S>(call: () => Promise<S>, fallbackReason: string): Promise<ProviderOutcome<S>> {
  try {
    return { ok: true, state: await call() };
  } catch (err) {
    return { ok: false, failure: describeFailure(err, fallbackReason), error: err };
  }
}
