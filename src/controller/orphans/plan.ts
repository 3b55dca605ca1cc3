// The orphan sweep's decisions, pure. An orphan is a resource carrying the controller's ownership
// mark that nothing refers to (references.ts). It is removed only after it has been seen orphaned
// for the whole grace period — long enough for any create in flight to have recorded its id, and
// for a cache that lagged to catch up — and only while it still is one. Subnets go before VPCs:
// a router with subnets joined cannot be deleted.
import type { OwnedResource } from '../../providers/contract.js';
import { isReferenced, type References } from './references.js';

export interface SweepObserved {
  readonly owned: readonly OwnedResource[];
  readonly references: References;
  /** When each orphan was first seen (by `keyOf`), from earlier sweeps of this process. */
  readonly firstSeen: ReadonlyMap<string, number>;
  readonly nowMs: number;
  readonly graceMs: number;
}

export interface SweepPlan {
  /** Orphans whose grace period is over, subnets first. */
  readonly due: readonly OwnedResource[];
  /** Every orphan seen now, due or not. */
  readonly orphans: readonly OwnedResource[];
  /** The first-seen times to keep: orphans only (a resource referenced again starts over). */
  readonly firstSeen: ReadonlyMap<string, number>;
}

export function keyOf(resource: OwnedResource): string {
  return `${resource.kind}/${resource.id}`;
}

export function planOrphanSweep(o: SweepObserved): SweepPlan {
  const orphans = o.owned.filter((r) => !isReferenced(r, o.references));
  const firstSeen = new Map(orphans.map((r) => [keyOf(r), o.firstSeen.get(keyOf(r)) ?? o.nowMs]));
  const due = orphans
    .filter((r) => o.nowMs - (firstSeen.get(keyOf(r)) ?? o.nowMs) >= o.graceMs)
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'subnet' ? -1 : 1));
  return { due, orphans, firstSeen };
}
