// After a failed attempt the cache may be older than the server: the attempt may have written a
// status (its failure report) whose watch event has not arrived yet, or whose response was lost.
// Status-only changes do not requeue, so a retry that compared its status with that stale cache
// would skip the write that corrects it and leave the failure report standing for good. Retries
// therefore read the object from the API server; first attempts keep using the cache. The same lag
// makes a create of an object the cache does not show yet answer AlreadyExists: that is a retry
// (which reads live), not a failure to report.
import { isAlreadyExists, isNotFound } from '../kube/api-error.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import type { ResourceType } from '../kube/resource.js';
import { retryableError } from '../util/errors.js';

export async function liveAfterFailure<T extends KubeObject>(client: KubeClient, type: ResourceType, name: string, cached: T | undefined, failures: number, signal: AbortSignal): Promise<T | undefined> {
  if (failures === 0) return cached;
  try {
    return await client.get<T>(type, name, undefined, signal);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Creates an object the cache does not show; AlreadyExists means the cache is behind: retry. */
export async function createUnlessCacheBehind<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, signal: AbortSignal): Promise<T> {
  try {
    return await client.create<T>(type, object, signal);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    throw retryableError('CacheBehind', `${type.kind} ${object.metadata?.name ?? ''} exists but is not in the cache yet; retrying with a live read`, err);
  }
}
