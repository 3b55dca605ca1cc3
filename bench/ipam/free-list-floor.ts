// The floor the IPAM benchmark is compared against: a free list of fixed-size blocks with an
// owner map and the CIDR text formatted per call — the bookkeeping any allocator must do, and
// nothing else (no variable prefix lengths, no overlap checks, no release ordering, no restore
// validation).
export class FreeListFloor {
  // A queue as an array and a head index: shift() would be O(n) and make the floor unfairly slow.
  private readonly free: number[] = [];
  private head = 0;
  private readonly byOwner = new Map<string, number>();
  private next = 0;
  private readonly base: number;
  private readonly blockSize: number;
  private readonly blocks: number;
  private readonly prefixLength: number;

  constructor(base: number, parentPrefixLength: number, prefixLength: number) {
    this.base = base;
    this.prefixLength = prefixLength;
    this.blockSize = 2 ** (32 - prefixLength);
    this.blocks = 2 ** (prefixLength - parentPrefixLength);
  }

  allocate(owner: string): string | undefined {
    const held = this.byOwner.get(owner);
    if (held !== undefined) return this.format(held);
    const index = this.head < this.free.length ? this.free[this.head++] : this.next < this.blocks ? this.next++ : undefined;
    if (index === undefined) return undefined;
    this.byOwner.set(owner, index);
    return this.format(index);
  }

  release(owner: string): boolean {
    const index = this.byOwner.get(owner);
    if (index === undefined) return false;
    this.byOwner.delete(owner);
    this.free.push(index);
    return true;
  }

  private format(index: number): string {
    const address = this.base + index * this.blockSize;
    return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${this.prefixLength}`;
  }
}
