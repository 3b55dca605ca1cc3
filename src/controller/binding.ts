// Binding of our CRs to the object they serve (Workspace, Namespace) through an ownerReference
// with the owner's UID. Only a bound object is deleted when its owner goes; an admin may create one
// ahead of its owner (to request a CIDR), and it waits, unbound, until the owner appears.
import type { KubeObject } from '../kube/kube-client.js';

export type Binding = 'unbound' | 'bound' | 'stale';

export function bindingOf(object: KubeObject, ownerKind: string, ownerUid: string | undefined): Binding {
  const ref = object.metadata?.ownerReferences?.find((r) => r.kind === ownerKind);
  if (ref === undefined) return 'unbound';
  return ownerUid === undefined || ref.uid === ownerUid ? 'bound' : 'stale';
}

/** The merge patch that adopts an object: owner reference and finalizer, guarded by resourceVersion. */
export function adoptionPatch(object: KubeObject, owner: { apiVersion: string; kind: string; name: string; uid: string }, finalizer: string): Record<string, unknown> {
  const finalizers = object.metadata?.finalizers ?? [];
  return {
    metadata: {
      resourceVersion: object.metadata?.resourceVersion,
      ownerReferences: [...(object.metadata?.ownerReferences ?? []).filter((r) => r.kind !== owner.kind), { ...owner, blockOwnerDeletion: false }],
      finalizers: finalizers.includes(finalizer) ? finalizers : [...finalizers, finalizer],
    },
  };
}
