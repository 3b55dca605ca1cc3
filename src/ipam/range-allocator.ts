// One generic range allocator: hands out aligned sub-ranges of a parent range to owners (a workspace
// gets a VPC range from a pool range, a project gets a subnet from its VPC range). Each owner holds at
// most one range. The state of record lives in the API server (`status.cidr`); after a restart the
// controller `restore`s every recorded range before allocating anything.
//
// Default-size allocations prefer never-used blocks and reuse released ones last, least recently
// released first (see block-space.ts for the exact order and costs).

import { blockWithin, cidrOfBlock, maxDepthBelow, type Block } from './block.js';
import { BlockSpace, type CandidateTier } from './block-space.js';
import {
  addressBits,
  cidrAddressCount,
  cidrEquals,
  compareCidrs,
  formatCidr,
  toCidr,
  type Cidr,
} from './cidr.js';
import { ReleaseClock } from './release-queue.js';
import {
  invalidOwner,
  ipamFailure,
  type AllocateResult,
  type AllocateSpecificResult,
  type Allocation,
  type AllocationRecord,
  type IpamFailure,
  type ReleaseCidrResult,
  type ReleaseResult,
  type RestoreFailureReason,
  type RestoreResult,
  type Utilisation,
} from './results.js';

/** What the allocator hands out; picks the exhaustion reason and the wording of messages. */
export type RangeKind = 'subnet' | 'vpc';

export interface RangeAllocatorConfig {
  readonly kind: RangeKind;
  readonly parent: string | Cidr;
  /** Size handed out by `allocate`. */
  readonly prefixLength: number;
  /** Shortest prefix (largest range) a request may ask for; default: the parent's. */
  readonly minPrefixLength?: number;
  /** Longest prefix (smallest range) a request may ask for; default: a single address. */
  readonly maxPrefixLength?: number;
  /** Shared by the allocators of one pool so their releases can be ordered against each other. */
  readonly releaseClock?: ReleaseClock;
}

export type CreateRangeAllocatorResult =
  | { readonly ok: true; readonly allocator: RangeAllocator }
  | { readonly ok: false; readonly reason: 'InvalidAllocatorConfig'; readonly message: string };

/** Where the next default-size allocation would come from; lets a pool choose between parents. */
export interface NextFree {
  readonly cidr: string;
  readonly tier: CandidateTier;
  /** Release clock reading for the `released` tier, 0 otherwise. */
  readonly releasedAt: number;
}

export interface RangeAllocator {
  readonly kind: RangeKind;
  readonly parent: string;
  readonly parentRange: Cidr;
  readonly prefixLength: number;
  readonly minPrefixLength: number;
  readonly maxPrefixLength: number;
  /** The owner's range; a default-size block if it has none yet. Idempotent. */
  allocate(owner: string): AllocateResult;
  /** A requested range for the owner. Idempotent for the same range. */
  allocateSpecific(owner: string, cidr: string | Cidr): AllocateSpecificResult;
  /** Takes back a range recorded before a restart; conflicts are reported, never overwritten. */
  restore(owner: string, cidr: string | Cidr): RestoreResult;
  release(owner: string): ReleaseResult;
  /** Releases exactly this range (whoever holds it). */
  releaseCidr(cidr: string | Cidr): ReleaseCidrResult;
  cidrOf(owner: string): string | undefined;
  /** Owner of exactly this range. */
  ownerOf(cidr: string | Cidr): string | undefined;
  /** Some allocation overlapping the range, if any. */
  conflictWith(cidr: string | Cidr): AllocationRecord | undefined;
  /** Where `allocate` would take its next block from, without taking it. */
  peekNextFree(): NextFree | undefined;
  /** Every allocation, in address order (O(n log n); for listings and tests, not hot paths). */
  allocations(): AllocationRecord[];
  utilisation(): Utilisation;
}

export function createRangeAllocator(config: RangeAllocatorConfig): CreateRangeAllocatorResult {
  const parsed = toCidr(config.parent);
  if (!parsed.ok) return invalidConfig(`parent range: ${parsed.message}`);
  const parent = parsed.cidr;
  const bits = addressBits(parent.family);
  const min = config.minPrefixLength ?? parent.prefixLength;
  const max = config.maxPrefixLength ?? bits;
  const checks: [boolean, string][] = [
    [isPrefixBetween(min, parent.prefixLength, bits), `minPrefixLength ${min} must be between the parent's /${parent.prefixLength} and /${bits}`],
    [isPrefixBetween(max, min, bits), `maxPrefixLength ${max} must be between minPrefixLength /${min} and /${bits}`],
    [isPrefixBetween(config.prefixLength, min, max), `prefixLength ${config.prefixLength} must be between /${min} and /${max}`],
  ];
  const failed = checks.find(([ok]) => !ok);
  if (failed !== undefined) return invalidConfig(failed[1]);
  return {
    ok: true,
    allocator: new BlockRangeAllocator(config.kind, parent, config.prefixLength, min, max, config.releaseClock ?? new ReleaseClock()),
  };
}

interface Holding extends AllocationRecord {
  readonly range: Cidr;
  readonly block: Block;
}

class BlockRangeAllocator implements RangeAllocator {
  readonly kind: RangeKind;
  readonly parent: string;
  readonly parentRange: Cidr;
  readonly prefixLength: number;
  readonly minPrefixLength: number;
  readonly maxPrefixLength: number;
  private readonly space: BlockSpace<Holding>;
  private readonly byOwner = new Map<string, Holding>();
  private usedAddresses = 0;

  constructor(
    kind: RangeKind,
    parentRange: Cidr,
    prefixLength: number,
    minPrefixLength: number,
    maxPrefixLength: number,
    releaseClock: ReleaseClock,
  ) {
    this.kind = kind;
    this.parentRange = parentRange;
    this.prefixLength = prefixLength;
    this.minPrefixLength = minPrefixLength;
    this.maxPrefixLength = maxPrefixLength;
    this.parent = formatCidr(parentRange);
    this.space = new BlockSpace(maxDepthBelow(parentRange), prefixLength - parentRange.prefixLength, releaseClock);
  }

  allocate(owner: string): AllocateResult {
    const invalid = invalidOwner(owner);
    if (invalid !== undefined) return invalid;
    const held = this.byOwner.get(owner);
    if (held !== undefined) return allocated(held, true);
    const next = this.space.nextCandidate();
    if (next === undefined) return this.exhausted();
    return this.take(owner, { depth: this.space.unitDepth, index: next.index }, false);
  }

  allocateSpecific(owner: string, cidr: string | Cidr): AllocateSpecificResult {
    return this.takeRequested(owner, cidr, false, (range) => this.checkRequestedSize(range));
  }

  /** Size limits are not applied: a range recorded earlier stays valid if the limits change. */
  restore(owner: string, cidr: string | Cidr): RestoreResult {
    return this.takeRequested<never>(owner, cidr, true, () => undefined);
  }

  release(owner: string): ReleaseResult {
    const held = this.byOwner.get(owner);
    if (held === undefined) return ipamFailure('NotAllocated', `${owner} holds no range in ${this.parent}`);
    return this.free(held);
  }

  releaseCidr(cidr: string | Cidr): ReleaseCidrResult {
    const parsed = toCidr(cidr);
    if (!parsed.ok) return parsed;
    const text = formatCidr(parsed.cidr);
    const block = blockWithin(this.parentRange, parsed.cidr);
    const held = block === undefined ? undefined : this.space.valueAt(block);
    if (held !== undefined) return this.free(held);
    const overlap = block === undefined ? undefined : this.space.findOverlap(block)?.value;
    const detail = overlap === undefined ? '' : ` (it overlaps ${overlap.cidr} held by ${overlap.owner})`;
    return ipamFailure('NotAllocated', `${text} is not allocated in ${this.parent}${detail}`);
  }

  cidrOf(owner: string): string | undefined {
    return this.byOwner.get(owner)?.cidr;
  }

  ownerOf(cidr: string | Cidr): string | undefined {
    const block = this.blockOf(cidr);
    return block === undefined ? undefined : this.space.valueAt(block)?.owner;
  }

  conflictWith(cidr: string | Cidr): AllocationRecord | undefined {
    const block = this.blockOf(cidr);
    return block === undefined ? undefined : recordOf(this.space.findOverlap(block)?.value);
  }

  peekNextFree(): NextFree | undefined {
    const next = this.space.nextCandidate();
    if (next === undefined) return undefined;
    const range = cidrOfBlock(this.parentRange, { depth: this.space.unitDepth, index: next.index });
    return { cidr: formatCidr(range), tier: next.tier, releasedAt: next.releasedAt };
  }

  allocations(): AllocationRecord[] {
    return [...this.byOwner.values()].sort((a, b) => compareCidrs(a.range, b.range)).map((held) => recordOf(held));
  }

  utilisation(): Utilisation {
    const totalBlocks = this.space.totalUnits;
    return {
      parent: this.parent,
      allocations: this.space.size,
      blockPrefixLength: this.prefixLength,
      totalBlocks,
      usedBlocks: this.space.usedUnits,
      freeBlocks: totalBlocks - this.space.usedUnits,
      totalAddresses: cidrAddressCount(this.parentRange),
      usedAddresses: this.usedAddresses,
    };
  }

  private takeRequested<F extends IpamFailure>(
    owner: string,
    cidr: string | Cidr,
    restored: boolean,
    checkSize: (range: Cidr) => F | undefined,
  ): Allocation | IpamFailure<RestoreFailureReason> | F {
    const invalid = invalidOwner(owner);
    if (invalid !== undefined) return invalid;
    const parsed = toCidr(cidr);
    if (!parsed.ok) return parsed;
    const range = parsed.cidr;
    const text = formatCidr(range);
    const held = this.byOwner.get(owner);
    if (held !== undefined) {
      if (cidrEquals(held.range, range)) return allocated(held, true);
      return ipamFailure(
        'OwnerHoldsOtherCIDR',
        `${owner} already holds ${held.cidr}; an assigned range cannot change to ${text}`,
        recordOf(held),
      );
    }
    const block = blockWithin(this.parentRange, range);
    if (block === undefined) return ipamFailure('CIDROutsideParent', `${text} is not inside the ${this.parentLabel()} ${this.parent}`);
    const sizeProblem = checkSize(range);
    if (sizeProblem !== undefined) return sizeProblem;
    const overlap = this.space.findOverlap(block);
    if (overlap !== undefined) {
      const other = overlap.value;
      return ipamFailure('CIDROverlaps', `${text} overlaps ${other.cidr} held by ${other.owner}`, recordOf(other));
    }
    return this.take(owner, block, restored);
  }

  private checkRequestedSize(range: Cidr): IpamFailure<'PrefixTooSmall' | 'PrefixTooLarge'> | undefined {
    const text = formatCidr(range);
    if (range.prefixLength < this.minPrefixLength) {
      return ipamFailure('PrefixTooSmall', `${text} is too large: the prefix length must be at least /${this.minPrefixLength}`);
    }
    if (range.prefixLength > this.maxPrefixLength) {
      return ipamFailure('PrefixTooLarge', `${text} is too small: the prefix length must be at most /${this.maxPrefixLength}`);
    }
    return undefined;
  }

  private take(owner: string, block: Block, restored: boolean): Allocation {
    const range = cidrOfBlock(this.parentRange, block);
    const holding: Holding = { owner, cidr: formatCidr(range), range, block };
    this.space.take(block, holding, restored);
    this.byOwner.set(owner, holding);
    this.usedAddresses += cidrAddressCount(range);
    return allocated(holding, false);
  }

  private free(held: Holding): ReleaseResult {
    this.space.free(held.block);
    this.byOwner.delete(held.owner);
    this.usedAddresses -= cidrAddressCount(held.range);
    return { ok: true, owner: held.owner, cidr: held.cidr, range: held.range };
  }

  private exhausted(): IpamFailure<'NoAvailableSubnet' | 'NoAvailableVPCRange'> {
    const { usedBlocks, totalBlocks } = this.utilisation();
    const what = this.kind === 'subnet' ? 'subnet' : 'VPC range';
    const message = `no free /${this.prefixLength} ${what} left in ${this.parent} (${usedBlocks} of ${totalBlocks} in use)`;
    return ipamFailure(this.kind === 'subnet' ? 'NoAvailableSubnet' : 'NoAvailableVPCRange', message);
  }

  private parentLabel(): string {
    return this.kind === 'subnet' ? 'VPC range' : 'VPC pool range';
  }

  private blockOf(cidr: string | Cidr): Block | undefined {
    const parsed = toCidr(cidr);
    return parsed.ok ? blockWithin(this.parentRange, parsed.cidr) : undefined;
  }
}

function isPrefixBetween(prefixLength: number, low: number, high: number): boolean {
  return Number.isInteger(prefixLength) && prefixLength >= low && prefixLength <= high;
}

function allocated(held: Holding, existing: boolean): Allocation {
  return { ok: true, owner: held.owner, cidr: held.cidr, range: held.range, existing };
}

function recordOf(held: Holding): AllocationRecord;
function recordOf(held: Holding | undefined): AllocationRecord | undefined;
function recordOf(held: Holding | undefined): AllocationRecord | undefined {
  return held === undefined ? undefined : { owner: held.owner, cidr: held.cidr };
}

function invalidConfig(message: string): CreateRangeAllocatorResult {
  return { ok: false, reason: 'InvalidAllocatorConfig', message };
}
