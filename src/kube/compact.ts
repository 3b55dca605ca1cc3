// What an informer keeps of an object, at the least memory (a heap snapshot at 5,000 projects put
// the caches at two thirds of the controller's live heap):
//  - managedFields and kubectl's last-applied annotation are dropped by rebuilding the maps, never
//    with `delete`, which turns a V8 object into a dictionary (+448 bytes per metadata);
//  - short string values are shared through one process-wide table: JSON.parse makes a new copy of
//    every "sdn.kubesphere.io/v1alpha1", "True", workspace name and timestamp, and the same values
//    repeat across the namespace, ProjectNetwork and policy of every project.

/** Values that are unique by design: sharing them only churns the table. */
const UNIQUE_KEYS = new Set(['uid', 'resourceVersion', 'message']);
/** A Secret's or ConfigMap's payload is copied as it is: no credential goes into a long-lived table. */
const PAYLOAD_KEYS = new Set(['data', 'stringData', 'binaryData']);
const MAX_SHARED_LENGTH = 64;

/** A bounded string table: emptied when full, so a stream of unique values cannot grow it for ever. */
export class StringTable {
  private readonly table = new Map<string, string>();
  private readonly capacity: number;

  constructor(capacity = 65_536) {
    this.capacity = capacity;
  }

  share(value: string): string {
    if (value.length > MAX_SHARED_LENGTH) return value;
    const known = this.table.get(value);
    if (known !== undefined) return known;
    if (this.table.size >= this.capacity) this.table.clear();
    this.table.set(value, value);
    return value;
  }

  get size(): number {
    return this.table.size;
  }
}

export const sharedStrings = new StringTable();

function compactValue(value: unknown, strings: StringTable, key: string): unknown {
  if (PAYLOAD_KEYS.has(key)) return value;
  if (typeof value === 'string') return UNIQUE_KEYS.has(key) ? value : strings.share(value);
  if (Array.isArray(value)) return value.map((v) => compactValue(v, strings, key));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = compactValue(v, strings, k);
  return out;
}

const DROPPED_METADATA = new Set(['managedFields']);
const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

function without(map: Record<string, unknown>, dropped: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) if (!dropped.has(k)) out[k] = v;
  return out;
}

/** The object as cached: the same fields (less the two above), in fresh fast-mode maps, strings shared. */
export function compactObject<T extends object>(object: T, strings: StringTable = sharedStrings): T {
  const { metadata, ...rest } = object as { metadata?: Record<string, unknown> };
  const out = compactValue(rest, strings, '') as Record<string, unknown>;
  if (metadata !== undefined) {
    const meta = without(metadata, DROPPED_METADATA);
    const annotations = meta.annotations;
    if (annotations !== null && typeof annotations === 'object') meta.annotations = without(annotations as Record<string, unknown>, DROPPED_ANNOTATIONS);
    out.metadata = compactValue(meta, strings, 'metadata');
  }
  return out as T;
}
