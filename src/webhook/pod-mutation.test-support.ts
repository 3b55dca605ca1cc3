// Applying a pod patch in memory, to check what planPodMutation's patch does (unit tests and the
// webhook latency test). The apiserver applies the real one.
import type { JsonPatchOperation } from '../kube/kube-client.js';
import type { PodObject } from './pod-mutation.js';

/** Applies the `add` and `remove` operations of a patch made by planPodMutation. */
export function applyMetadataPatch<T extends PodObject>(pod: T, patch: readonly JsonPatchOperation[]): T {
  const copy = structuredClone(pod) as T & { metadata?: Record<string, unknown> };
  for (const op of patch) {
    if (op.op !== 'add' && op.op !== 'remove') throw new Error(`unexpected op ${op.op}`);
    const parts = op.path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let target = copy as unknown as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
    const last = parts[parts.length - 1] ?? '';
    if (op.op === 'remove') {
      if (!Object.hasOwn(target, last)) throw new Error(`remove of a missing path ${op.path}`);
      Reflect.deleteProperty(target, last);
    } else {
      target[last] = op.value;
    }
  }
  return copy;
}
