// Where a V8 heap snapshot's memory goes, by retainer: the dominator tree of the snapshot graph
// (Cooper, Harvey and Kennedy's iterative algorithm, weak edges ignored as DevTools does) and the
// retained size of every node. Pure: takes the parsed `.heapsnapshot` JSON, returns numbers.

export interface HeapSnapshotJson {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[], ...unknown[]];
      readonly edge_fields: readonly string[];
      readonly edge_types: readonly [readonly string[], ...unknown[]];
    };
  };
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly strings: readonly string[];
}

export interface HeapGraph {
  readonly count: number;
  readonly type: (node: number) => string;
  readonly name: (node: number) => string;
  readonly selfSize: Float64Array;
  /** Edges of a node: [firstEdge, endEdge) into edgeTo/edgeName. */
  readonly firstEdge: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly edgeLabel: (edge: number) => string;
  readonly edgeWeak: Uint8Array;
}

export function heapGraph(json: HeapSnapshotJson): HeapGraph {
  const { meta } = json.snapshot;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const field = (fields: readonly string[], name: string): number => {
    const i = fields.indexOf(name);
    if (i < 0) throw new Error(`heap snapshot has no ${name} field`);
    return i;
  };
  const [typeF, nameF, sizeF, edgeCountF] = ['type', 'name', 'self_size', 'edge_count'].map((n) => field(meta.node_fields, n)) as [number, number, number, number];
  const [eTypeF, eNameF, eToF] = ['type', 'name_or_index', 'to_node'].map((n) => field(meta.edge_fields, n)) as [number, number, number];
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const count = json.nodes.length / nodeFields;
  const selfSize = new Float64Array(count);
  const firstEdge = new Uint32Array(count + 1);
  const edgeCount = json.edges.length / edgeFields;
  const edgeTo = new Uint32Array(edgeCount);
  const edgeWeak = new Uint8Array(edgeCount);
  const weakType = edgeTypes.indexOf('weak');
  const byName = new Set(['context', 'property', 'internal', 'shortcut', 'weak'].map((t) => edgeTypes.indexOf(t)));
  let edge = 0;
  for (let n = 0; n < count; n++) {
    selfSize[n] = json.nodes[n * nodeFields + sizeF] ?? 0;
    firstEdge[n] = edge;
    edge += json.nodes[n * nodeFields + edgeCountF] ?? 0;
  }
  firstEdge[count] = edge;
  for (let e = 0; e < edgeCount; e++) {
    edgeTo[e] = (json.edges[e * edgeFields + eToF] ?? 0) / nodeFields;
    edgeWeak[e] = json.edges[e * edgeFields + eTypeF] === weakType ? 1 : 0;
  }
  return {
    count,
    type: (n) => nodeTypes[json.nodes[n * nodeFields + typeF] ?? 0] ?? '?',
    name: (n) => json.strings[json.nodes[n * nodeFields + nameF] ?? 0] ?? '?',
    selfSize,
    firstEdge,
    edgeTo,
    edgeWeak,
    edgeLabel: (e) => {
      const value = json.edges[e * edgeFields + eNameF] ?? 0;
      return byName.has(json.edges[e * edgeFields + eTypeF] ?? -1) ? json.strings[value] ?? '?' : `[${value}]`;
    },
  };
}

export interface Dominators {
  /** Immediate dominator of each node (the root's is itself; unreachable nodes: -1). */
  readonly idom: Int32Array;
  readonly retained: Float64Array;
}

function bump(array: Uint32Array | Float64Array, i: number, by: number): void {
  array[i] = (array[i] ?? 0) + by;
}

/** Dominator tree from node 0 (the synthetic root). */
export function dominators(g: HeapGraph): Dominators {
  const n = g.count;
  // Post-order by an iterative depth-first walk over strong edges.
  const order = new Int32Array(n).fill(-1);
  const post: number[] = [];
  const stackNode: number[] = [0];
  const stackEdge: number[] = [g.firstEdge[0] ?? 0];
  const seen = new Uint8Array(n);
  seen[0] = 1;
  while (stackNode.length > 0) {
    const top = stackNode.length - 1;
    const node = stackNode[top] ?? 0;
    const e = stackEdge[top] ?? 0;
    if (e < (g.firstEdge[node + 1] ?? 0)) {
      stackEdge[top] = e + 1;
      if (g.edgeWeak[e] === 1) continue;
      const to = g.edgeTo[e] ?? 0;
      if (seen[to] === 0) {
        seen[to] = 1;
        stackNode.push(to);
        stackEdge.push(g.firstEdge[to] ?? 0);
      }
    } else {
      stackNode.pop();
      stackEdge.pop();
      order[node] = post.length;
      post.push(node);
    }
  }
  // Predecessors over strong edges among reachable nodes.
  const predCount = new Uint32Array(n + 1);
  for (let from = 0; from < n; from++) {
    if (seen[from] === 0) continue;
    for (let e = g.firstEdge[from] ?? 0; e < (g.firstEdge[from + 1] ?? 0); e++) if (g.edgeWeak[e] === 0) bump(predCount, (g.edgeTo[e] ?? 0) + 1, 1);
  }
  for (let i = 0; i < n; i++) bump(predCount, i + 1, predCount[i] ?? 0);
  const preds = new Uint32Array(predCount[n] ?? 0);
  const fill = predCount.slice();
  for (let from = 0; from < n; from++) {
    if (seen[from] === 0) continue;
    for (let e = g.firstEdge[from] ?? 0; e < (g.firstEdge[from + 1] ?? 0); e++) {
      if (g.edgeWeak[e] === 1) continue;
      const to = g.edgeTo[e] ?? 0;
      const slot = fill[to] ?? 0;
      preds[slot] = from;
      fill[to] = slot + 1;
    }
  }
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    let x = a;
    let y = b;
    while (x !== y) {
      while ((order[x] ?? 0) < (order[y] ?? 0)) x = idom[x] ?? 0;
      while ((order[y] ?? 0) < (order[x] ?? 0)) y = idom[y] ?? 0;
    }
    return x;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = post.length - 1; i >= 0; i--) {
      const node = post[i] ?? 0;
      if (node === 0) continue;
      let next = -1;
      for (let p = predCount[node] ?? 0; p < (predCount[node + 1] ?? 0); p++) {
        const pred = preds[p] ?? 0;
        if (idom[pred] === -1) continue;
        next = next === -1 ? pred : intersect(pred, next);
      }
      if (next !== -1 && idom[node] !== next) {
        idom[node] = next;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(n);
  for (const node of post) {
    bump(retained, node, g.selfSize[node] ?? 0);
    const d = idom[node] ?? -1;
    if (node !== 0 && d >= 0) bump(retained, d, retained[node] ?? 0);
  }
  return { idom, retained };
}

export interface SelfSizeGroup {
  readonly key: string;
  readonly count: number;
  readonly bytes: number;
}

/** Self sizes grouped by node type and constructor/name (strings by type only). */
export function selfSizeByKind(g: HeapGraph): SelfSizeGroup[] {
  const groups = new Map<string, { count: number; bytes: number }>();
  for (let n = 0; n < g.count; n++) {
    const type = g.type(n);
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${g.name(n)}` : type;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += g.selfSize[n] ?? 0;
    groups.set(key, group);
  }
  return [...groups].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.bytes - a.bytes);
}
