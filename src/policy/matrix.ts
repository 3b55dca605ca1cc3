// The intended connectivity between namespaces, straight from the model: what the CLI shows.
import type { Allowance } from './allowance.js';
import type { ConnectivityInput } from './model.js';
import { allowanceBetween } from './oracle.js';
import { sortedUnique } from './order.js';
import { viewOf } from './view.js';

export interface MatrixCell {
  readonly from: string;
  readonly to: string;
  readonly allowance: Allowance;
}

export interface ConnectivityMatrix {
  /** Row and column order. */
  readonly namespaces: readonly string[];
  /** Every ordered pair, row-major in `namespaces` order. */
  readonly cells: readonly MatrixCell[];
}

/** Cells for the given namespaces (any kind), or for every project when none are given. */
export function connectivityMatrix(input: ConnectivityInput, namespaces?: readonly string[]): ConnectivityMatrix {
  const names = sortedUnique(namespaces ?? viewOf(input).projects.keys());
  const cells = names.flatMap((from) =>
    names.map((to) => ({ from, to, allowance: allowanceBetween(input, { namespace: from }, { namespace: to }) })),
  );
  return { namespaces: names, cells };
}
