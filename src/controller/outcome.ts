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
