// The lifecycle of an object the controller keeps for an owner: a WorkspaceNetwork for a KubeSphere
// Workspace, a ProjectNetwork for a project namespace. Both reconcilers open with it; after it, only
// provisioning and clean-up differ. (Modelled on kube-rs's `finalizer` helper.)
//
// Flow, one reconcile, decided by `planLifecycle` from what is cached (or read live after a failure):
//  1. The object exists but its owner does not want it — the owner is gone, the namespace is no
//     longer a project or moved to another workspace, or the owner was re-created (new UID):
//       being deleted            → finalize: the clean-up, which ends by removing our finalizer;
//       never bound to an owner  → wait for the owner (an admin may create it ahead, e.g. to
//                                  request a CIDR) and report that, touching nothing else;
//       otherwise                → delete it; the deletion comes back as "being deleted".
//  2. No object and none wanted  → tidy (the project reconciler removes its namespace marks).
//  3. Wanted and missing         → create it, owner reference and finalizer included, then provision.
//  4. Wanted and being deleted   → finalize (the next reconcile creates it anew).
//  5. Wanted and unbound         → adopt it (owner reference and finalizer in one patch), provision.
//  6. Wanted without finalizer   → add the finalizer, then provision.
//  7. Otherwise                  → provision.
//
// Guarantees:
//  - Provisioning never runs on an object without our finalizer, so whatever it creates is cleaned
//    up before the object can disappear.
//  - The finalizer is removed only by the clean-up, after it succeeded; a failed clean-up keeps it,
//    and the key is retried with backoff.
//  - Deletes are preconditioned on the object's UID, patches on its resourceVersion: a decision taken
//    on a stale cache never deletes a re-created object, nor overwrites a concurrent change (409,
//    retried).
//  - Each step is idempotent, so a crash anywhere is repaired by the next reconcile.
// Caveats:
//  - Decisions use the cache, which may lag: a later event re-runs the plan (level-based).
//  - A finalizer removed by hand skips the clean-up; what the provider made then stays behind, for
//    the orphan sweep (controller/orphans/) to find.
//  - An object deleted while still wanted is cleaned up and re-created: a new UID, and a new
//    address allocation.
import type { ReconcileResult } from '../kube/controller.js';
import type { Binding } from './binding.js';

export type LifecycleStep = 'finalize' | 'waitForOwner' | 'delete' | 'tidy' | 'create' | 'adopt' | 'addFinalizer' | 'provision';

export interface LifecycleObservation {
  /** The object as cached (or read live after a failure); undefined when there is none. */
  readonly object?: { readonly deleting: boolean; readonly hasFinalizer: boolean; readonly binding: Binding };
  /** The owner exists and wants this very object (a project that moved workspace does not). */
  readonly wanted: boolean;
}

/** The steps of one reconcile, in order. */
export function planLifecycle({ object, wanted }: LifecycleObservation): readonly LifecycleStep[] {
  if (object !== undefined && (!wanted || object.binding === 'stale')) {
    if (object.deleting) return ['finalize'];
    return object.binding === 'unbound' ? ['waitForOwner'] : ['delete'];
  }
  if (!wanted) return ['tidy'];
  if (object === undefined) return ['create', 'provision'];
  if (object.deleting) return ['finalize'];
  if (object.binding === 'unbound') return ['adopt', 'provision'];
  return object.hasFinalizer ? ['provision'] : ['addFinalizer', 'provision'];
}

/** What each step does for one kind of object; the steps that yield an object hand it on. */
export interface LifecycleActions<T> {
  finalize(object: T): Promise<ReconcileResult | undefined>;
  waitForOwner(object: T): Promise<void>;
  delete(object: T): Promise<void>;
  tidy(): Promise<void>;
  create(): Promise<T>;
  adopt(object: T): Promise<T>;
  addFinalizer(object: T): Promise<T>;
  provision(object: T): Promise<ReconcileResult | undefined>;
}

/** Runs the planned steps; the object each step returns is the one the next step sees. */
export async function runLifecycle<T>(steps: readonly LifecycleStep[], found: T | undefined, actions: LifecycleActions<T>): Promise<ReconcileResult | undefined> {
  let object = found;
  const current = (): T => {
    if (object === undefined) throw new Error('lifecycle step needs an object the plan said exists');
    return object;
  };
  for (const step of steps) {
    switch (step) {
      case 'finalize':
        return actions.finalize(current());
      case 'provision':
        return actions.provision(current());
      case 'waitForOwner':
        await actions.waitForOwner(current());
        return undefined;
      case 'delete':
        await actions.delete(current());
        return undefined;
      case 'tidy':
        await actions.tidy();
        return undefined;
      case 'create':
        object = await actions.create();
        break;
      case 'adopt':
        object = await actions.adopt(current());
        break;
      case 'addFinalizer':
        object = await actions.addFinalizer(current());
        break;
    }
  }
  return undefined;
}
