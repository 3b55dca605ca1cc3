// Per-depth storage for the block trie. Shallow depths have few blocks, so they live in a typed array
// (allocated on first write: an allocator only pays for the depths it touches); deep ones, where
// 2^depth is huge and sparsely used, in a Map/Set. Shallow depths are the hot ones — every
// allocation updates all its ancestors — and an array index is far cheaper than a hash lookup.

/** Up to 2^18 entries (256 KiB) per depth in an array; only huge parents ever reach that depth. */
const DENSE_MAX_DEPTH = 18;

/** A small count (0-255) per block index at one depth. */
export class LevelCounts {
  private readonly size: number;
  private dense: Uint8Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(depth: number) {
    this.size = 2 ** depth;
    this.sparse = depth <= DENSE_MAX_DEPTH ? undefined : new Map();
  }

  has(index: number): boolean {
    return this.get(index) > 0;
  }

  get(index: number): number {
    if (this.sparse !== undefined) return this.sparse.get(index) ?? 0;
    return this.dense?.[index] ?? 0;
  }

  /** Adds `delta` and returns the new count. */
  add(index: number, delta: number): number {
    if (this.sparse !== undefined) {
      const count = (this.sparse.get(index) ?? 0) + delta;
      if (count === 0) this.sparse.delete(index);
      else this.sparse.set(index, count);
      return count;
    }
    this.dense ??= new Uint8Array(this.size);
    const count = (this.dense[index] ?? 0) + delta;
    this.dense[index] = count;
    return count;
  }
}

/** A set of block indices at one depth. */
export class LevelFlags {
  private readonly size: number;
  private dense: Uint8Array | undefined;
  private readonly sparse: Set<number> | undefined;

  constructor(depth: number) {
    this.size = 2 ** depth;
    this.sparse = depth <= DENSE_MAX_DEPTH ? undefined : new Set();
  }

  has(index: number): boolean {
    if (this.sparse !== undefined) return this.sparse.has(index);
    return this.dense?.[index] === 1;
  }

  add(index: number): void {
    if (this.sparse !== undefined) {
      this.sparse.add(index);
      return;
    }
    this.dense ??= new Uint8Array(this.size);
    this.dense[index] = 1;
  }
}
