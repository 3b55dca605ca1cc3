// Shared VPC pool (`vpcRangesMayRepeat`, e.g. QingCloud, whose VPC range must be one of a few fixed
// values): each allowed range is handed out whole and may serve many workspaces, because their VPCs
// are isolated from each other. A new workspace gets the least-used range (ties: configured order)
// so ranges spread out; a workspace may also ask for a specific allowed range.
// Cost is O(number of allowed ranges) per allocation — a small, fixed configuration list.

import { cidrEquals, cidrsOverlap, formatCidr, toCidr, type Cidr, type CidrParseFailureReason } from './cidr.js';
import {
  invalidOwner,
  ipamFailure,
  type Allocation,
  type AllocateResult,
  type IpamFailure,
  type ReleaseResult,
} from './results.js';
import {
  invalidPoolConfig,
  type CreateVpcPoolResult,
  type VpcPool,
  type VpcPoolUtilisation,
  type VpcRequestResult,
  type VpcRestoreResult,
} from './vpc-pool.js';

type SharedFailureReason = 'InvalidOwner' | CidrParseFailureReason | 'OwnerHoldsOtherCIDR' | 'CIDRNotAllowed';

interface SharedRange {
  readonly range: Cidr;
  readonly cidr: string;
  readonly owners: Set<string>;
}

export function createSharedVpcPool(ranges: readonly Cidr[]): CreateVpcPoolResult {
  for (const [i, a] of ranges.entries()) {
    // Overlap is fine here (VPCs are isolated); listing one range twice is a configuration mistake.
    if (ranges.slice(i + 1).some((b) => cidrEquals(a, b))) {
      return invalidPoolConfig(`VPC range ${formatCidr(a)} is listed twice`);
    }
  }
  return { ok: true, pool: new SharedVpcPool(ranges) };
}

class SharedVpcPool implements VpcPool {
  readonly mode = 'shared';
  readonly ranges: readonly string[];
  private readonly shared: readonly SharedRange[];
  private readonly byOwner = new Map<string, SharedRange>();

  constructor(ranges: readonly Cidr[]) {
    this.shared = ranges.map((range) => ({ range, cidr: formatCidr(range), owners: new Set<string>() }));
    this.ranges = this.shared.map((entry) => entry.cidr);
  }

  allocate(owner: string): AllocateResult {
    const invalid = invalidOwner(owner);
    if (invalid !== undefined) return invalid;
    const held = this.byOwner.get(owner);
    if (held !== undefined) return allocated(owner, held, true);
    let leastUsed: SharedRange | undefined;
    for (const entry of this.shared) {
      if (leastUsed === undefined || entry.owners.size < leastUsed.owners.size) leastUsed = entry;
    }
    // The factory rejects an empty list, so this only guards the type.
    if (leastUsed === undefined) return ipamFailure('NoAvailableVPCRange', 'the VPC pool lists no ranges');
    return this.add(owner, leastUsed);
  }

  allocateSpecific(owner: string, cidr: string | Cidr): VpcRequestResult {
    return this.takeAllowed(owner, cidr);
  }

  /** Same rules as a request: sharing means a restored range never conflicts with another owner. */
  restore(owner: string, cidr: string | Cidr): VpcRestoreResult {
    return this.takeAllowed(owner, cidr);
  }

  private takeAllowed(owner: string, cidr: string | Cidr): Allocation | IpamFailure<SharedFailureReason> {
    const invalid = invalidOwner(owner);
    if (invalid !== undefined) return invalid;
    const parsed = toCidr(cidr);
    if (!parsed.ok) return parsed;
    const text = formatCidr(parsed.cidr);
    const held = this.byOwner.get(owner);
    if (held !== undefined) {
      if (cidrEquals(held.range, parsed.cidr)) return allocated(owner, held, true);
      return ipamFailure('OwnerHoldsOtherCIDR', `${owner} already holds ${held.cidr}; an assigned range cannot change to ${text}`, {
        owner,
        cidr: held.cidr,
      });
    }
    const entry = this.shared.find((candidate) => cidrEquals(candidate.range, parsed.cidr));
    if (entry === undefined) {
      const near = this.shared.some((candidate) => cidrsOverlap(candidate.range, parsed.cidr)) ? ' exactly' : '';
      return ipamFailure('CIDRNotAllowed', `${text} is not an allowed VPC range; it must be${near} one of ${this.ranges.join(', ')}`);
    }
    return this.add(owner, entry);
  }

  release(owner: string): ReleaseResult {
    const held = this.byOwner.get(owner);
    if (held === undefined) return ipamFailure('NotAllocated', `${owner} holds no VPC range`);
    held.owners.delete(owner);
    this.byOwner.delete(owner);
    return { ok: true, owner, cidr: held.cidr, range: held.range };
  }

  cidrOf(owner: string): string | undefined {
    return this.byOwner.get(owner)?.cidr;
  }

  ownersOf(cidr: string | Cidr): string[] {
    const parsed = toCidr(cidr);
    if (!parsed.ok) return [];
    const entry = this.shared.find((candidate) => cidrEquals(candidate.range, parsed.cidr));
    return entry === undefined ? [] : [...entry.owners].sort();
  }

  utilisation(): VpcPoolUtilisation {
    return {
      mode: 'shared',
      allocations: this.byOwner.size,
      ranges: this.shared.map((entry) => ({ cidr: entry.cidr, allocations: entry.owners.size })),
    };
  }

  private add(owner: string, entry: SharedRange): Allocation {
    entry.owners.add(owner);
    this.byOwner.set(owner, entry);
    return allocated(owner, entry, false);
  }
}

function allocated(owner: string, entry: SharedRange, existing: boolean): Allocation {
  return { ok: true, owner, cidr: entry.cidr, range: entry.range, existing };
}
