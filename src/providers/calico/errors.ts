// Errors of the Calico provider. Kubernetes failures arrive already translated (KubeApiError carries
// a code and `retryable`); here they only gain the object they concern.
import { KubeApiError } from '../../kube/api-error.js';
import { ControllerError, retryableError } from '../../util/errors.js';

/** Rethrowable error with `context` in front of the message; code, retryable and wait hint are kept. */
export function inContext(err: unknown, context: string): unknown {
  if (!(err instanceof ControllerError)) return err;
  return new ControllerError(err.code, `${context}: ${err.message}`, {
    retryable: err.retryable,
    cause: err,
    ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
  });
}

/** How long to wait before looking again at a pool that Calico or a finalizer still holds. */
const POOL_BUSY_RETRY_MS = 2000;
/** A missing CRD is fixed by installing Calico, which takes minutes rather than seconds. */
const CRD_MISSING_RETRY_MS = 60_000;

export function poolBusy(code: string, message: string): ControllerError {
  return retryableError(code, message, undefined, POOL_BUSY_RETRY_MS);
}

/**
 * A 404 on the IPPool collection (create, list) means the CRD is not served: Calico is absent or
 * does not use the Kubernetes datastore. Retryable, because installing Calico fixes it.
 */
export function collectionError(err: unknown, context: string): unknown {
  if (err instanceof KubeApiError && err.status === 404) {
    return retryableError(
      'CalicoNotInstalled',
      `${context}: the IPPool resource (crd.projectcalico.org/v1) is not served; is Calico installed with the Kubernetes datastore?`,
      err,
      CRD_MISSING_RETRY_MS,
    );
  }
  return inContext(err, context);
}

/** 422: a JSON patch `test` failed (or the object cannot take the patch). */
export function isUnprocessable(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 422;
}

/** 409 on a DELETE with a UID precondition: the object now under that name is another one. */
export function isPreconditionFailed(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409;
}
