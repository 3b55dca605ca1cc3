// The bookkeeping behind one range allocator, on (depth, index) blocks of a parent range (block.ts).
// All blocks are aligned powers of two, so two blocks overlap exactly when one contains the other;
// that turns every overlap question into at most `maxDepth` (≤ 32 for IPv4) lookups, whatever the
// number of allocations and whatever their sizes — no scan over the taken blocks, no sorted index.
//
// Order in which `nextCandidate` offers blocks of the unit (default) size — released blocks are
// reused LAST, so a deleted project's addresses do not come straight back to someone else:
//   1. fresh:    never handed out since this allocator was built; lowest address first;
//   2. gap:      free gaps below the highest restored block. After a restart the allocator cannot know
//                which addresses were released before it started, but allocation fills from the bottom,
//                so gaps below the restored ones are treated as the oldest releases, in address order;
//   3. released: blocks released since the start, least recently released first (FIFO; a block that
//                is released again moves to the back).
// take, free, findOverlap and the fresh search are O(maxDepth) lookups. The gap cursor and the
// released queue also skip entries that became unusable in the meantime; each such entry is skipped
// once, so that work is amortised O(1) per allocation. Freeing a block larger than the default size
// queues each of its default-size blocks, i.e. costs what it gives back.

import { ancestorIndex, pow2, type Block } from './block.js';
import { LevelCounts, LevelFlags } from './levels.js';
import { ReleaseQueue, type ReleaseClock } from './release-queue.js';

export type CandidateTier = 'fresh' | 'gap' | 'released';

export interface Candidate {
  /** Index of a free block at the unit depth. */
  readonly index: number;
  readonly tier: CandidateTier;
  /** Release clock reading for `released` candidates; 0 otherwise. */
  readonly releasedAt: number;
}

export interface Overlap<T> {
  readonly block: Block;
  readonly value: T;
}

export class BlockSpace<T> {
  /** Taken blocks per depth. */
  private readonly taken: Map<number, T>[] = [];
  private readonly takenAtDepth: number[] = [];
  /**
   * Per depth: how many of a block's two halves hold a taken block (0-2). A block has something taken
   * inside exactly when this is non-zero; keeping per-half state instead of per-block totals lets
   * take and free stop climbing at the first ancestor whose state does not change.
   */
  private readonly occupiedHalves: LevelCounts[] = [];
  /**
   * Per depth ≤ unitDepth: blocks that contain no fresh unit any more. A block is marked when it or
   * an ancestor is taken, when a unit in it is taken, or when both its halves are marked; freshness
   * is never regained, so marks are never removed.
   */
  private readonly spent: LevelFlags[] = [];
  private readonly released = new ReleaseQueue();
  private gapCursor = 0;
  private gapEnd = 0;
  private takenCount = 0;
  private usedUnitCount = 0;

  /** Depth of a single address. */
  private readonly maxDepth: number;
  /** Depth of the default allocation size. */
  readonly unitDepth: number;
  private readonly clock: ReleaseClock;

  constructor(maxDepth: number, unitDepth: number, clock: ReleaseClock) {
    this.maxDepth = maxDepth;
    this.unitDepth = unitDepth;
    this.clock = clock;
    for (let depth = 0; depth <= maxDepth; depth++) {
      this.taken.push(new Map());
      this.takenAtDepth.push(0);
      this.occupiedHalves.push(new LevelCounts(depth));
      if (depth <= unitDepth) this.spent.push(new LevelFlags(depth));
    }
  }

  get size(): number {
    return this.takenCount;
  }

  get totalUnits(): number {
    return pow2(this.unitDepth);
  }

  /** Units overlapping at least one taken block. */
  get usedUnits(): number {
    return this.usedUnitCount;
  }

  valueAt(block: Block): T | undefined {
    return this.level(this.taken, block.depth).get(block.index);
  }

  /** A taken block overlapping `block`: the block itself, one containing it, or one inside it. */
  findOverlap(block: Block): Overlap<T> | undefined {
    for (let depth = 0; depth <= block.depth; depth++) {
      if (this.takenAtDepth[depth] === 0) continue;
      const index = ancestorIndex(block.index, block.depth - depth);
      const value = this.level(this.taken, depth).get(index);
      if (value !== undefined) return { block: { depth, index }, value };
    }
    return this.findInside(block);
  }

  /**
   * Marks a free block as taken; the caller has checked `findOverlap`. A `restored` block (state
   * rebuilt after a restart) also turns the free blocks below it into gap candidates.
   */
  take(block: Block, value: T, restored: boolean): void {
    const { depth, index } = block;
    this.level(this.taken, depth).set(index, value);
    this.takenAtDepth[depth] = (this.takenAtDepth[depth] ?? 0) + 1;
    this.takenCount += 1;
    if (depth <= this.unitDepth) {
      this.propagateOccupancy(block, true);
      this.usedUnitCount += pow2(this.unitDepth - depth);
      this.markSpent(depth, index);
      if (depth === this.unitDepth) this.released.delete(index);
    } else {
      const unit = ancestorIndex(index, depth - this.unitDepth);
      const unitWasUsed = this.level(this.occupiedHalves, this.unitDepth).has(unit);
      this.propagateOccupancy(block, true);
      if (!unitWasUsed) this.usedUnitCount += 1;
      this.markSpent(this.unitDepth, unit);
    }
    if (restored) this.extendGaps(this.lastUnitOf(block) + 1);
  }

  /** Frees a taken block and queues its units for reuse; returns what was stored there. */
  free(block: Block): T | undefined {
    const { depth, index } = block;
    const taken = this.level(this.taken, depth);
    const value = taken.get(index);
    if (value === undefined) return undefined;
    taken.delete(index);
    this.takenAtDepth[depth] = (this.takenAtDepth[depth] ?? 0) - 1;
    this.takenCount -= 1;
    this.propagateOccupancy(block, false);
    const releasedAt = this.clock.tick();
    if (depth <= this.unitDepth) {
      this.usedUnitCount -= pow2(this.unitDepth - depth);
      // Every unit of a larger block becomes reusable; cost is proportional to what was freed.
      const last = this.lastUnitOf(block);
      for (let unit = this.firstUnitOf(block); unit <= last; unit++) this.released.push(unit, releasedAt);
    } else {
      const unit = ancestorIndex(index, depth - this.unitDepth);
      if (!this.level(this.occupiedHalves, this.unitDepth).has(unit)) this.usedUnitCount -= 1;
      // Queued even if other parts of the unit are still taken: it is skipped until they are freed,
      // and their release moves it to the back again.
      this.released.push(unit, releasedAt);
    }
    return value;
  }

  /** The unit block the next default-size allocation should get (see the order at the top). */
  nextCandidate(): Candidate | undefined {
    const fresh = this.firstFreshUnit();
    if (fresh !== undefined) return { index: fresh, tier: 'fresh', releasedAt: 0 };
    const gap = this.firstGapUnit();
    if (gap !== undefined) return { index: gap, tier: 'gap', releasedAt: 0 };
    for (let head = this.released.peek(); head !== undefined; head = this.released.peek()) {
      if (this.findOverlap({ depth: this.unitDepth, index: head.index }) === undefined) {
        return { index: head.index, tier: 'released', releasedAt: head.releasedAt };
      }
      // Taken again by a specific request since its release; its next release re-queues it.
      this.released.shift();
    }
    return undefined;
  }

  private findInside(block: Block): Overlap<T> | undefined {
    let { depth, index } = block;
    if (!this.level(this.occupiedHalves, depth).has(index)) return undefined;
    while (depth < this.maxDepth) {
      depth += 1;
      const left = index * 2;
      const taken = this.level(this.taken, depth);
      const leftValue = taken.get(left);
      if (leftValue !== undefined) return { block: { depth, index: left }, value: leftValue };
      const rightValue = taken.get(left + 1);
      if (rightValue !== undefined) return { block: { depth, index: left + 1 }, value: rightValue };
      index = this.level(this.occupiedHalves, depth).has(left) ? left : left + 1;
    }
    return undefined;
  }

  /** A block became occupied (taken) or empty (freed); taken blocks never nest, so it had nothing inside. */
  private propagateOccupancy(block: Block, occupied: boolean): void {
    let index = block.index;
    for (let depth = block.depth - 1; depth >= 0; depth--) {
      index = Math.floor(index / 2);
      const halves = this.level(this.occupiedHalves, depth).add(index, occupied ? 1 : -1);
      // The ancestor itself only changed if this was its first occupied half, or its last.
      if (halves !== (occupied ? 1 : 0)) return;
    }
  }

  private markSpent(depth: number, index: number): void {
    for (;;) {
      const spent = this.level(this.spent, depth);
      if (spent.has(index)) return;
      spent.add(index);
      const sibling = index % 2 === 0 ? index + 1 : index - 1;
      if (depth === 0 || !spent.has(sibling)) return;
      depth -= 1;
      index = Math.floor(index / 2);
    }
  }

  /** Leftmost unit not marked spent: descend through unmarked blocks (one half always is unmarked). */
  private firstFreshUnit(): number | undefined {
    if (this.level(this.spent, 0).has(0)) return undefined;
    let index = 0;
    for (let depth = 1; depth <= this.unitDepth; depth++) {
      const left = index * 2;
      index = this.level(this.spent, depth).has(left) ? left + 1 : left;
    }
    return index;
  }

  private firstGapUnit(): number | undefined {
    while (this.gapCursor < this.gapEnd) {
      const unit = this.gapCursor;
      // A queued unit was released after the start: it waits for its turn in the queue.
      if (this.released.has(unit)) {
        this.gapCursor += 1;
        continue;
      }
      const overlap = this.findOverlap({ depth: this.unitDepth, index: unit });
      if (overlap === undefined) return unit;
      // Jump over a larger taken block at once; its release will queue its units.
      this.gapCursor =
        overlap.block.depth < this.unitDepth ? this.lastUnitOf(overlap.block) + 1 : unit + 1;
    }
    return undefined;
  }

  private extendGaps(end: number): void {
    let unit = this.gapEnd;
    if (end <= unit) return;
    this.gapEnd = end;
    // Mark [unit, end) spent as a few maximal aligned blocks rather than unit by unit.
    while (unit < end) {
      let levels = 0;
      while (levels < this.unitDepth && unit % pow2(levels + 1) === 0 && unit + pow2(levels + 1) <= end) {
        levels += 1;
      }
      this.markSpent(this.unitDepth - levels, unit / pow2(levels));
      unit += pow2(levels);
    }
  }

  private firstUnitOf(block: Block): number {
    return block.depth >= this.unitDepth
      ? ancestorIndex(block.index, block.depth - this.unitDepth)
      : block.index * pow2(this.unitDepth - block.depth);
  }

  private lastUnitOf(block: Block): number {
    return block.depth >= this.unitDepth
      ? ancestorIndex(block.index, block.depth - this.unitDepth)
      : (block.index + 1) * pow2(this.unitDepth - block.depth) - 1;
  }

  /** Per-depth storage; depths are validated by the allocator, so a miss is a bug. */
  private level<L>(levels: L[], depth: number): L {
    const found = levels[depth];
    if (found === undefined) throw new RangeError(`depth ${depth} is outside this block space`);
    return found;
  }
}
