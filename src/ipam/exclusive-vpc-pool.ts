// Exclusive VPC pool: one range allocator per configured parent range, no address shared. A new VPC
// range follows the same reuse order as within one allocator, across all parents: never-used blocks
// (parents in configured order), then gaps below restored ranges after a restart, then the least recently released
// block of any parent (the parents share one release clock).

import { cidrContains, cidrsOverlap, formatCidr, toCidr, type Cidr, type CidrParseFailureReason } from './cidr.js';
import type { CandidateTier } from './block-space.js';
import { createRangeAllocator, type NextFree, type RangeAllocator } from './range-allocator.js';
import { ReleaseClock } from './release-queue.js';
import { invalidOwner, ipamFailure, type AllocateResult, type IpamFailure, type ReleaseResult } from './results.js';
import {
  invalidPoolConfig,
  type CreateVpcPoolResult,
  type VpcPool,
  type VpcPoolUtilisation,
  type VpcRequestResult,
  type VpcRestoreResult,
} from './vpc-pool.js';

export interface ExclusivePoolOptions {
  readonly vpcPrefixLength: number;
  readonly minPrefixLength?: number;
  readonly maxPrefixLength?: number;
}

const TIER_RANK: Record<CandidateTier, number> = { fresh: 0, gap: 1, released: 2 };

export function createExclusiveVpcPool(ranges: readonly Cidr[], options: ExclusivePoolOptions): CreateVpcPoolResult {
  for (const [i, a] of ranges.entries()) {
    const clash = ranges.slice(i + 1).find((b) => cidrsOverlap(a, b));
    if (clash !== undefined) {
      return invalidPoolConfig(`VPC pool ranges ${formatCidr(a)} and ${formatCidr(clash)} overlap`);
    }
  }
  const clock = new ReleaseClock();
  const parents: RangeAllocator[] = [];
  for (const range of ranges) {
    const created = createRangeAllocator({
      kind: 'vpc',
      parent: range,
      prefixLength: options.vpcPrefixLength,
      // A pool range may be larger than the bound, so the bound is clamped to each parent.
      minPrefixLength: Math.max(range.prefixLength, options.minPrefixLength ?? range.prefixLength),
      ...(options.maxPrefixLength === undefined ? {} : { maxPrefixLength: options.maxPrefixLength }),
      releaseClock: clock,
    });
    if (!created.ok) return invalidPoolConfig(`VPC pool range ${formatCidr(range)}: ${created.message}`);
    parents.push(created.allocator);
  }
  return { ok: true, pool: new ExclusiveVpcPool(parents, options.vpcPrefixLength) };
}

class ExclusiveVpcPool implements VpcPool {
  readonly mode = 'exclusive';
  readonly ranges: readonly string[];
  private readonly parents: readonly RangeAllocator[];
  private readonly vpcPrefixLength: number;
  private readonly parentOf = new Map<string, RangeAllocator>();

  constructor(parents: readonly RangeAllocator[], vpcPrefixLength: number) {
    this.parents = parents;
    this.vpcPrefixLength = vpcPrefixLength;
    this.ranges = parents.map((parent) => parent.parent);
  }

  allocate(owner: string): AllocateResult {
    const invalid = invalidOwner(owner);
    if (invalid !== undefined) return invalid;
    const held = this.parentOf.get(owner);
    if (held !== undefined) return held.allocate(owner);
    const parent = this.parentForNext();
    if (parent === undefined) {
      const { usedBlocks, totalBlocks } = this.counts();
      return ipamFailure(
        'NoAvailableVPCRange',
        `no free /${this.vpcPrefixLength} VPC range left in the pool ${this.ranges.join(', ')} (${usedBlocks} of ${totalBlocks} in use)`,
      );
    }
    return this.remember(owner, parent, parent.allocate(owner));
  }

  allocateSpecific(owner: string, cidr: string | Cidr): VpcRequestResult {
    return this.takeRequested(owner, cidr, (parent, range) => parent.allocateSpecific(owner, range));
  }

  restore(owner: string, cidr: string | Cidr): VpcRestoreResult {
    return this.takeRequested(owner, cidr, (parent, range) => parent.restore(owner, range));
  }

  release(owner: string): ReleaseResult {
    const parent = this.parentOf.get(owner);
    if (parent === undefined) return ipamFailure('NotAllocated', `${owner} holds no VPC range`);
    this.parentOf.delete(owner);
    return parent.release(owner);
  }

  cidrOf(owner: string): string | undefined {
    return this.parentOf.get(owner)?.cidrOf(owner);
  }

  ownersOf(cidr: string | Cidr): string[] {
    const parsed = toCidr(cidr);
    if (!parsed.ok) return [];
    const owner = this.parents.find((p) => cidrContains(p.parentRange, parsed.cidr))?.ownerOf(parsed.cidr);
    return owner === undefined ? [] : [owner];
  }

  utilisation(): VpcPoolUtilisation {
    const ranges = this.parents.map((parent) => parent.utilisation());
    const { usedBlocks, totalBlocks } = this.counts();
    return {
      mode: 'exclusive',
      allocations: this.parentOf.size,
      vpcPrefixLength: this.vpcPrefixLength,
      totalBlocks,
      usedBlocks,
      freeBlocks: totalBlocks - usedBlocks,
      ranges,
    };
  }

  private takeRequested<R extends VpcRequestResult>(
    owner: string,
    cidr: string | Cidr,
    take: (parent: RangeAllocator, range: Cidr) => R,
  ): R | IpamFailure<'InvalidOwner' | CidrParseFailureReason | 'CIDROutsideParent'> {
    const invalid = invalidOwner(owner);
    if (invalid !== undefined) return invalid;
    const parsed = toCidr(cidr);
    if (!parsed.ok) return parsed;
    // The owner's own parent answers "same range" and "holds another range" for the whole pool.
    const held = this.parentOf.get(owner);
    const parent = held ?? this.parents.find((p) => cidrContains(p.parentRange, parsed.cidr));
    if (parent === undefined) {
      return ipamFailure('CIDROutsideParent', `${formatCidr(parsed.cidr)} is not inside the VPC pool ${this.ranges.join(', ')}`);
    }
    return this.remember(owner, parent, take(parent, parsed.cidr));
  }

  /** The parent `allocate` should use: best tier, then oldest release, then configured order. */
  private parentForNext(): RangeAllocator | undefined {
    let best: { parent: RangeAllocator; next: NextFree } | undefined;
    for (const parent of this.parents) {
      const next = parent.peekNextFree();
      if (next === undefined) continue;
      if (best === undefined || isBetter(next, best.next)) best = { parent, next };
    }
    return best?.parent;
  }

  private remember<R extends { readonly ok: boolean }>(owner: string, parent: RangeAllocator, result: R): R {
    if (result.ok) this.parentOf.set(owner, parent);
    return result;
  }

  private counts(): { usedBlocks: number; totalBlocks: number } {
    let usedBlocks = 0;
    let totalBlocks = 0;
    for (const parent of this.parents) {
      const utilisation = parent.utilisation();
      usedBlocks += utilisation.usedBlocks;
      totalBlocks += utilisation.totalBlocks;
    }
    return { usedBlocks, totalBlocks };
  }
}

function isBetter(candidate: NextFree, best: NextFree): boolean {
  const byTier = TIER_RANK[candidate.tier] - TIER_RANK[best.tier];
  if (byTier !== 0) return byTier < 0;
  // Fresh and gap blocks keep the configured order of parents; released ones go oldest first.
  return candidate.tier === 'released' && candidate.releasedAt < best.releasedAt;
}
