// hostnic's VxNetPool as the controller changes it: its projects' vxnets added to and removed from
// `spec.vxnets`, every other entry kept as it is (the list has no list-map keys, so it is shared by
// read-modify-write), and the blocks hostnic's controller reports for a vxnet in `status.pools`.
// Pure.
import type { VxNetPoolSpec, VxNetPoolStatus } from '../../../api/external/hostnic-vxnetpool.js';

export interface VxnetChange {
  readonly add: ReadonlySet<string>;
  readonly remove: ReadonlySet<string>;
}

/** The vxnet list after the change (order kept, additions last), and whether it differs. */
export function applyVxnetChange(vxnets: VxNetPoolSpec['vxnets'], change: VxnetChange): { readonly vxnets: VxNetPoolSpec['vxnets']; readonly changed: boolean } {
  const kept = vxnets.filter((v) => !change.remove.has(v.name) || change.add.has(v.name));
  const present = new Set(kept.map((v) => v.name));
  const added = [...change.add].filter((name) => !present.has(name)).map((name) => ({ name }));
  return { vxnets: [...kept, ...added], changed: kept.length !== vxnets.length || added.length > 0 };
}

export function listsVxnet(spec: Partial<VxNetPoolSpec> | undefined, vxnet: string): boolean {
  return (spec?.vxnets ?? []).some((v) => v.name === vxnet);
}

/** The vxnet's blocks as hostnic reports them; undefined until it has cut the vxnet into blocks. */
export function blocksOf(status: VxNetPoolStatus | undefined, vxnet: string): readonly string[] | undefined {
  const pool = status?.pools?.find((p) => p.name === vxnet);
  return pool?.subnets === undefined || pool.subnets.length === 0 ? undefined : pool.subnets;
}
