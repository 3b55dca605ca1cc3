// A deliberately naive model of the allocators for the property tests: plain address intervals,
// linear scans, no tries or queues. It states the contract (docs/architecture.md and
// block-space.ts) directly: which reason a request fails with, and which block `allocate` must pick
// — never-used blocks first (first parent, lowest address), then gaps below restored ranges, then
// the least recently released block.

import fc from 'fast-check';

/** A parent range in the model: `[base, base + 2^(32 - prefixLength))`. */
export interface ModelParent {
  readonly base: number;
  readonly prefixLength: number;
}

export interface ModelConfig {
  readonly parents: readonly ModelParent[];
  readonly unitPrefixLength: number;
  readonly minPrefixLength: number;
  readonly maxPrefixLength: number;
  readonly exhaustedReason: 'NoAvailableSubnet' | 'NoAvailableVPCRange';
}

export interface ModelRange {
  readonly base: number;
  readonly prefixLength: number;
}

/** What the model expects of an operation. */
export type Expected =
  | { readonly ok: true; readonly cidr: string; readonly existing: boolean }
  | { readonly ok: false; readonly reason: string; readonly conflictOwners: readonly string[] };

/** A request as generated: text plus the facts the model needs to judge it. */
export interface ModelRequest {
  readonly text: string;
  readonly range: ModelRange | undefined;
  readonly unaligned: boolean;
}

interface ParentState {
  /** Units touched since the (re)start; a unit not in here and ≥ gapEnd is fresh. */
  readonly touched: Set<number>;
  gapEnd: number;
  /** Release clock reading of each unit's latest release since the (re)start. */
  readonly lastRelease: Map<number, number>;
}

export function size(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

export function formatRange(range: ModelRange): string {
  const b = range.base;
  return `${Math.floor(b / 2 ** 24) % 256}.${Math.floor(b / 2 ** 16) % 256}.${Math.floor(b / 2 ** 8) % 256}.${b % 256}/${range.prefixLength}`;
}

function end(range: ModelRange): number {
  return range.base + size(range.prefixLength);
}

export function overlaps(a: ModelRange, b: ModelRange): boolean {
  return a.base < end(b) && b.base < end(a);
}

function contains(outer: ModelRange, inner: ModelRange): boolean {
  return outer.base <= inner.base && end(inner) <= end(outer);
}

export class AllocatorModel {
  readonly holdings = new Map<string, ModelRange>();
  private states: ParentState[] = [];
  private clock = 0;
  private readonly config: ModelConfig;

  constructor(config: ModelConfig) {
    this.config = config;
    this.restart();
  }

  /** A new allocator: only what is restored from now on is known. */
  restart(): void {
    this.states = this.config.parents.map(() => ({ touched: new Set(), gapEnd: 0, lastRelease: new Map() }));
  }

  allocate(owner: string): Expected {
    const held = this.holdings.get(owner);
    if (held !== undefined) return { ok: true, cidr: formatRange(held), existing: true };
    const choice = this.nextUnit();
    if (choice === undefined) return { ok: false, reason: this.config.exhaustedReason, conflictOwners: [] };
    const parent = this.parent(choice.parent);
    const range = { base: parent.base + choice.unit * size(this.config.unitPrefixLength), prefixLength: this.config.unitPrefixLength };
    return this.take(owner, range, false);
  }

  request(owner: string, request: ModelRequest, restored: boolean): Expected {
    const range = request.range;
    if (range === undefined) return failure('InvalidCIDR');
    if (request.unaligned) return failure('CIDRNotAligned');
    const held = this.holdings.get(owner);
    if (held !== undefined) {
      if (held.base === range.base && held.prefixLength === range.prefixLength) {
        return { ok: true, cidr: formatRange(held), existing: true };
      }
      return failure('OwnerHoldsOtherCIDR', [owner]);
    }
    const parentIndex = this.config.parents.findIndex((parent) => contains(parent, range));
    if (parentIndex < 0) return failure('CIDROutsideParent');
    if (!restored) {
      const parent = this.parent(parentIndex);
      if (range.prefixLength < Math.max(this.config.minPrefixLength, parent.prefixLength)) return failure('PrefixTooSmall');
      if (range.prefixLength > this.config.maxPrefixLength) return failure('PrefixTooLarge');
    }
    const conflictOwners = [...this.holdings].filter(([, other]) => overlaps(other, range)).map(([other]) => other);
    if (conflictOwners.length > 0) return failure('CIDROverlaps', conflictOwners);
    return this.take(owner, range, restored);
  }

  release(owner: string): Expected {
    const held = this.holdings.get(owner);
    if (held === undefined) return failure('NotAllocated');
    this.holdings.delete(owner);
    this.clock += 1;
    const { parent, units } = this.unitsOf(held);
    for (const unit of units) this.state(parent).lastRelease.set(unit, this.clock);
    return { ok: true, cidr: formatRange(held), existing: false };
  }

  ownerOfExactly(range: ModelRange): string | undefined {
    return [...this.holdings].find(([, held]) => held.base === range.base && held.prefixLength === range.prefixLength)?.[0];
  }

  /** Default-size ranges of a parent that overlap no holding (first `limit` of them). */
  freeUnitRanges(parent: number, limit: number): ModelRange[] {
    const free: ModelRange[] = [];
    for (let unit = 0; unit < this.unitCount(parent) && free.length < limit; unit++) {
      if (this.unitIsFree(parent, unit)) {
        free.push({ base: this.parent(parent).base + unit * size(this.config.unitPrefixLength), prefixLength: this.config.unitPrefixLength });
      }
    }
    return free;
  }

  /** Default-size blocks overlapping some holding, per parent. */
  usedUnits(parent: number): number {
    const used = new Set<number>();
    for (const held of this.holdings.values()) {
      const located = this.unitsOf(held);
      if (located.parent === parent) located.units.forEach((unit) => used.add(unit));
    }
    return used.size;
  }

  private take(owner: string, range: ModelRange, restored: boolean): Expected {
    this.holdings.set(owner, range);
    const { parent, units } = this.unitsOf(range);
    const state = this.state(parent);
    for (const unit of units) state.touched.add(unit);
    if (restored) state.gapEnd = Math.max(state.gapEnd, (units.at(-1) ?? -1) + 1);
    return { ok: true, cidr: formatRange(range), existing: false };
  }

  private nextUnit(): { parent: number; unit: number } | undefined {
    const parents = this.config.parents.map((_, index) => index);
    for (const parent of parents) {
      const state = this.state(parent);
      // Fresh units: lowest address not touched and above the gaps.
      for (let unit = state.gapEnd; unit < this.unitCount(parent); unit++) {
        if (!state.touched.has(unit) && this.unitIsFree(parent, unit)) return { parent, unit };
      }
    }
    for (const parent of parents) {
      const state = this.state(parent);
      for (let unit = 0; unit < state.gapEnd; unit++) {
        if (!state.lastRelease.has(unit) && this.unitIsFree(parent, unit)) return { parent, unit };
      }
    }
    let best: { parent: number; unit: number; at: number } | undefined;
    for (const parent of parents) {
      for (const [unit, at] of this.state(parent).lastRelease) {
        if (!this.unitIsFree(parent, unit)) continue;
        if (best === undefined || at < best.at || (at === best.at && unit < best.unit)) best = { parent, unit, at };
      }
    }
    return best;
  }

  private unitIsFree(parent: number, unit: number): boolean {
    const unitRange = {
      base: this.parent(parent).base + unit * size(this.config.unitPrefixLength),
      prefixLength: this.config.unitPrefixLength,
    };
    return [...this.holdings.values()].every((held) => !overlaps(held, unitRange));
  }

  private unitsOf(range: ModelRange): { parent: number; units: number[] } {
    const parent = this.config.parents.findIndex((candidate) => contains(candidate, range));
    const unitSize = size(this.config.unitPrefixLength);
    const first = Math.floor((range.base - this.parent(parent).base) / unitSize);
    const last = Math.floor((end(range) - 1 - this.parent(parent).base) / unitSize);
    const units: number[] = [];
    for (let unit = first; unit <= last; unit++) units.push(unit);
    return { parent, units };
  }

  private unitCount(parent: number): number {
    return size(this.parent(parent).prefixLength) / size(this.config.unitPrefixLength);
  }

  private parent(index: number): ModelParent {
    const parent = this.config.parents[index];
    if (parent === undefined) throw new Error(`model: no parent ${index}`);
    return parent;
  }

  private state(index: number): ParentState {
    const state = this.states[index];
    if (state === undefined) throw new Error(`model: no parent ${index}`);
    return state;
  }
}

function failure(reason: string, conflictOwners: readonly string[] = []): Expected {
  return { ok: false, reason, conflictOwners };
}

/**
 * Requests near the parents: mostly aligned ranges of sizes around the allowed ones, some outside,
 * some with host bits set, some not CIDRs at all. Offsets stay within a few dozen default blocks so
 * requests collide often. `shortestPrefixLength` bounds the largest range generated (the model
 * tracks default blocks one by one).
 */
export function requestArbitrary(
  config: ModelConfig,
  maxUnitOffset: number,
  shortestPrefixLength: number,
): fc.Arbitrary<ModelRequest> {
  return fc
    .record({
      parent: fc.nat(config.parents.length - 1),
      unitOffset: fc.integer({ min: -2, max: maxUnitOffset }),
      // Where inside the default block a smaller range starts (ignored by larger ones).
      sixtyFourths: fc.nat(63),
      prefixLength: fc.oneof(
        fc.integer({ min: shortestPrefixLength, max: Math.min(32, config.maxPrefixLength + 2) }),
        // Smaller than a default block, so that several can share one.
        fc.integer({ min: Math.min(32, config.unitPrefixLength + 1), max: Math.min(32, config.maxPrefixLength) }),
      ),
      flavour: fc.constantFrom('aligned', 'aligned', 'aligned', 'aligned', 'hostBits', 'garbage'),
    })
    .map(({ parent, unitOffset, sixtyFourths, prefixLength, flavour }) => {
      if (flavour === 'garbage') return { text: `10.0.0.0/${prefixLength}x`, range: undefined, unaligned: false };
      const anchor = config.parents[parent] ?? { base: 0, prefixLength: 0 };
      const unitSize = size(config.unitPrefixLength);
      const address = Math.max(0, anchor.base + unitOffset * unitSize + Math.floor((sixtyFourths * unitSize) / 64));
      const base = address - (address % size(prefixLength));
      const range = { base, prefixLength };
      if (flavour === 'hostBits' && prefixLength < 32) {
        return { text: formatRange({ base: base + 1, prefixLength }), range, unaligned: true };
      }
      return { text: formatRange(range), range, unaligned: false };
    });
}
