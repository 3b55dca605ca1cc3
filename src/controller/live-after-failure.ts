// After a failed attempt the cache may be older than the server: the attempt may have written a
// status (its failure report) whose watch event has not arrived yet, or whose response was lost.
// Status-only changes do not requeue, so a retry that compared its status with that stale cache
// would skip the write that corrects it and leave the failure report standing for good. Retries
// therefore read the object from the API server; first attempts keep using the cache.
import { isNotFound } from '../kube/api-error.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import type { ResourceType } from '../kube/resource.js';

export async function liveAfterFailure<T extends KubeObject>(client: KubeClient, type: ResourceType, name: string, cached: T | undefined, failures: number, signal: AbortSignal): Promise<T | undefined> {
  if (failures === 0) return cached;
  try {
    return await client.get<T>(type, name, undefined, signal);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
