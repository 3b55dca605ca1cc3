import { describe, expect, it } from '@jest/globals';
import { dominators, heapGraph, selfSizeByKind, type HeapSnapshotJson } from './heap-dominators.js';

// root → a, root → b, a → c, b → c, c → d, a ⇢ e (weak only).
const nodes = [
  // type, name, id, self_size, edge_count
  0, 0, 1, 0, 2,
  1, 1, 2, 10, 2,
  1, 2, 3, 20, 1,
  1, 3, 4, 30, 1,
  2, 4, 5, 40, 0,
  1, 5, 6, 50, 0,
];
const F = 5;
const edges = [
  // type, name_or_index, to_node (an offset into nodes)
  0, 6, 1 * F, 0, 7, 2 * F,
  0, 8, 3 * F, 1, 9, 5 * F,
  0, 8, 3 * F,
  0, 10, 4 * F,
];
const snapshot: HeapSnapshotJson = {
  snapshot: {
    meta: {
      node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
      node_types: [['synthetic', 'object', 'string']],
      edge_fields: ['type', 'name_or_index', 'to_node'],
      edge_types: [['property', 'weak']],
    },
  },
  nodes,
  edges,
  strings: ['(root)', 'A', 'B', 'C', 'hello', 'E', 'a', 'b', 'c', 'e', 'd'],
};

describe('heap dominators', () => {
  const g = heapGraph(snapshot);
  const { idom, retained } = dominators(g);

  it('finds the node every path goes through, ignoring weak edges', () => {
    expect([...idom]).toEqual([0, 0, 0, 0, 3, -1]);
  });

  it('sums what each node alone keeps alive', () => {
    expect([...retained]).toEqual([100, 10, 20, 70, 40, 0]);
  });

  it('labels edges by property name and groups own sizes by kind', () => {
    expect(g.edgeLabel(0)).toBe('a');
    expect(selfSizeByKind(g)).toEqual([
      { key: 'object E', count: 1, bytes: 50 },
      { key: 'string', count: 1, bytes: 40 },
      { key: 'object C', count: 1, bytes: 30 },
      { key: 'object B', count: 1, bytes: 20 },
      { key: 'object A', count: 1, bytes: 10 },
      { key: 'synthetic', count: 1, bytes: 0 },
    ]);
  });
});
