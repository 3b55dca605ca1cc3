// Used addresses per project pool, from Calico IPAM's blocks: each IPAMBlock lies inside one pool
// and marks every address in use with a non-null `allocations` entry. Pure: the provider lists the
// blocks once per round (provider.ts) and this file counts them against the recorded subnets.
import type { IPAMBlockSpec } from '../../api/external/calico-ipamblock.js';
import { cidrContains, parseCidr, type Cidr } from '../../ipam/index.js';
import type { KubeObject } from '../../kube/kube-client.js';
import type { AddressUsage, AddressUsageRequest } from '../contract.js';

export interface IpamBlockObject extends KubeObject {
  spec?: Partial<IPAMBlockSpec>;
}

/** Addresses a block has handed out (a block being deleted by Calico holds none). */
export function usedInBlock(block: IpamBlockObject): number {
  if (block.spec?.deleted === true) return 0;
  return (block.spec?.allocations ?? []).filter((a) => a !== null).length;
}

/**
 * Each subnet's used addresses: the sum over the blocks inside it. Subnets are disjoint, so a block
 * belongs to at most one; blocks of other pools are ignored. Every subnet gets an answer (0 when no
 * block is cut from it yet).
 */
export function addressUsageOf(subnets: readonly AddressUsageRequest[], blocks: readonly IpamBlockObject[]): AddressUsage[] {
  const ranges = subnets
    .map((subnet) => ({ subnet, parsed: parseCidr(subnet.cidr) }))
    .flatMap(({ subnet, parsed }) => (parsed.ok ? [{ subnet, cidr: parsed.cidr, used: 0 }] : []))
    .sort((a, b) => a.cidr.base - b.cidr.base);
  const owner = (block: Cidr): (typeof ranges)[number] | undefined => {
    // The last subnet starting at or before the block is the only one that can hold it.
    let lo = 0;
    let hi = ranges.length - 1;
    let found: (typeof ranges)[number] | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const candidate = ranges[mid];
      if (candidate === undefined) break;
      if (candidate.cidr.base <= block.base) {
        found = candidate;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found !== undefined && cidrContains(found.cidr, block) ? found : undefined;
  };
  for (const block of blocks) {
    const parsed = parseCidr(block.spec?.cidr ?? '');
    if (!parsed.ok) continue;
    const range = owner(parsed.cidr);
    if (range !== undefined) range.used += usedInBlock(block);
  }
  return ranges.map(({ subnet, used }) => ({ subnet, used }));
}
