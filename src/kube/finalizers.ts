// Finalizer add/remove as merge patches that carry the cached resourceVersion: the list is never
// blindly overwritten, because a concurrent change makes the apiserver answer 409 (retryable).
import type { KubeClient, KubeObject } from './kube-client.js';
import type { ResourceType } from './resource.js';

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata?.finalizers?.includes(finalizer) ?? false;
}

export async function addFinalizer<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, finalizer: string, signal?: AbortSignal): Promise<T> {
  if (hasFinalizer(object, finalizer)) return object;
  const finalizers = [...(object.metadata?.finalizers ?? []), finalizer];
  return client.mergePatch<T>(type, object.metadata?.name ?? '', { metadata: { resourceVersion: object.metadata?.resourceVersion, finalizers } }, { namespace: object.metadata?.namespace, signal });
}

export async function removeFinalizer<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, finalizer: string, signal?: AbortSignal): Promise<T | undefined> {
  if (!hasFinalizer(object, finalizer)) return undefined;
  const finalizers = (object.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
  return client.mergePatch<T>(type, object.metadata?.name ?? '', { metadata: { resourceVersion: object.metadata?.resourceVersion, finalizers } }, { namespace: object.metadata?.namespace, signal });
}
