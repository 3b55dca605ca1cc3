// Kubernetes API failures, translated where they enter: HTTP status and the Status body's reason
// become a ControllerError whose `retryable` flag drives the work queue's error policy.
import { ControllerError } from '../util/errors.js';

export interface KubeStatusBody {
  readonly kind?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: { readonly retryAfterSeconds?: number; readonly causes?: readonly { readonly message?: string; readonly field?: string }[] };
}

export class KubeApiError extends ControllerError {
  /** HTTP status code, or 0 when the request never got an answer. */
  readonly status: number;
  /** The Status body's reason (NotFound, Conflict, AlreadyExists, Invalid, Forbidden, Expired…). */
  readonly apiReason: string;

  constructor(status: number, apiReason: string, message: string, retryable: boolean, retryAfterMs?: number, cause?: unknown) {
    super(apiReason === '' ? `Http${status}` : apiReason, message, { retryable, cause, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    this.name = 'KubeApiError';
    this.status = status;
    this.apiReason = apiReason;
  }
}

/** Statuses where the same request may succeed later: conflicts (re-read and retry), throttling, server trouble. */
function isRetryableStatus(status: number): boolean {
  return status === 409 || status === 429 || status >= 500 || status === 0;
}

export function kubeApiErrorFrom(status: number, body: KubeStatusBody | undefined, method: string, path: string): KubeApiError {
  const reason = body?.reason ?? '';
  const detail = body?.message ?? `HTTP ${status}`;
  const retryAfter = body?.details?.retryAfterSeconds;
  // 409 AlreadyExists is an answer, not a transient state: callers handle it.
  const retryable = isRetryableStatus(status) && reason !== 'AlreadyExists';
  return new KubeApiError(status, reason, `${method} ${path}: ${detail}`, retryable, retryAfter === undefined ? undefined : retryAfter * 1000);
}

export function networkError(method: string, path: string, cause: unknown): KubeApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new KubeApiError(0, 'ConnectionFailed', `${method} ${path}: ${detail}`, true, undefined, cause);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404;
}

/** 403: RBAC (or an admission policy) refused the request. */
export function isForbidden(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 403;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409 && err.apiReason !== 'AlreadyExists';
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409 && err.apiReason === 'AlreadyExists';
}

/** 410 Gone / Expired: a watch or list continuation from a resourceVersion the server no longer has. */
export function isExpired(err: unknown): boolean {
  return err instanceof KubeApiError && (err.status === 410 || err.apiReason === 'Expired' || err.apiReason === 'Gone');
}
