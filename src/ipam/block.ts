// Aligned ranges inside a parent range form a binary trie: the parent is depth 0, its two halves
// depth 1, and a range of prefix length p is one node at depth p - parentPrefix. The allocator works
// on these (depth, index) pairs only, so it is independent of the address family; this file is the
// one place that converts between them and addresses.

import { addressBits, cidrAddressCount, cidrContains, type Cidr } from './cidr.js';

export interface Block {
  /** Prefix length minus the parent's prefix length. */
  readonly depth: number;
  /** Position among the 2^depth blocks of that depth, in address order. */
  readonly index: number;
}

/** 2^k, exact for every k the allocator uses (k ≤ 53). */
export function pow2(k: number): number {
  return 2 ** k;
}

/** The index of the ancestor `levels` above a block. Division, not `>>`: indices may exceed 2^31. */
export function ancestorIndex(index: number, levels: number): number {
  return levels === 0 ? index : Math.floor(index / pow2(levels));
}

/** Depth of the deepest block below `parent` (a single address). */
export function maxDepthBelow(parent: Cidr): number {
  return addressBits(parent.family) - parent.prefixLength;
}

/** The block that `cidr` occupies below `parent`, or undefined when it is not inside it. */
export function blockWithin(parent: Cidr, cidr: Cidr): Block | undefined {
  if (!cidrContains(parent, cidr)) return undefined;
  return { depth: cidr.prefixLength - parent.prefixLength, index: (cidr.base - parent.base) / cidrAddressCount(cidr) };
}

export function cidrOfBlock(parent: Cidr, block: Block): Cidr {
  const prefixLength = parent.prefixLength + block.depth;
  const size = pow2(addressBits(parent.family) - prefixLength);
  return { family: parent.family, base: parent.base + block.index * size, prefixLength };
}
