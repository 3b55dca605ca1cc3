// What an informer keeps of an object: everything but managedFields and kubectl's last-applied
// annotation, which no reconciler reads. They are dropped by rebuilding the two maps, never with
// `delete`: deleting a property turns a V8 object into a dictionary, and a heap snapshot at 5,000
// projects showed 448 bytes of dictionary behind every cached object's metadata.
// (Sharing repeated string values through a table was tried too: it saved no net memory at 5,000
// projects and cost 2–3 CPU-seconds of cold start; docs/performance.md.)

const DROPPED_METADATA = new Set(['managedFields']);
const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

function without(map: Record<string, unknown>, dropped: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) if (!dropped.has(k)) out[k] = v;
  return out;
}

/** The object as cached: the same fields less the two above, metadata in fresh fast-mode maps. */
export function compactObject<T extends object>(object: T): T {
  const { metadata } = object as { metadata?: Record<string, unknown> };
  if (metadata === undefined) return object;
  const meta = without(metadata, DROPPED_METADATA);
  const annotations = meta.annotations;
  if (annotations !== null && typeof annotations === 'object') meta.annotations = without(annotations as Record<string, unknown>, DROPPED_ANNOTATIONS);
  return { ...object, metadata: meta };
}
