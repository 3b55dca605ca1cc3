// Released blocks in the order they were released, for least-recently-released reuse. A hand-made
// doubly linked list keyed by block index gives O(1) push, move-to-back, delete and pop (a JS Map
// used as a queue degrades when its front is deleted over and over).

interface QueueNode {
  readonly index: number;
  releasedAt: number;
  previous: QueueNode | undefined;
  next: QueueNode | undefined;
}

export interface QueuedBlock {
  readonly index: number;
  /** The release clock's reading when the block was (last) released. */
  readonly releasedAt: number;
}

export class ReleaseQueue {
  private readonly nodes = new Map<number, QueueNode>();
  private head: QueueNode | undefined;
  private tail: QueueNode | undefined;

  get size(): number {
    return this.nodes.size;
  }

  has(index: number): boolean {
    return this.nodes.has(index);
  }

  /** Appends the block, or moves it to the back if it is already queued: its last release counts. */
  push(index: number, releasedAt: number): void {
    this.delete(index);
    const node: QueueNode = { index, releasedAt, previous: this.tail, next: undefined };
    if (this.tail === undefined) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.nodes.set(index, node);
  }

  peek(): QueuedBlock | undefined {
    return this.head;
  }

  shift(): QueuedBlock | undefined {
    const first = this.head;
    if (first !== undefined) this.delete(first.index);
    return first;
  }

  delete(index: number): void {
    const node = this.nodes.get(index);
    if (node === undefined) return;
    this.nodes.delete(index);
    if (node.previous === undefined) this.head = node.next;
    else node.previous.next = node.next;
    if (node.next === undefined) this.tail = node.previous;
    else node.next.previous = node.previous;
  }
}

/**
 * Monotonic counter stamping releases. Allocators of one pool share a clock so that "least recently
 * released" can be compared across their parent ranges.
 */
export class ReleaseClock {
  private last = 0;

  tick(): number {
    this.last += 1;
    return this.last;
  }
}
