// One status write per reconcile, and only when something changed: the desired status is compared
// with the cached one (key order does not matter), then written as a merge patch of the status
// subresource. A stable JSON form makes the comparison cheap and exact.
import type { KubeClient, KubeObject } from './kube-client.js';
import type { ResourceType } from './resource.js';

/** JSON with object keys sorted, so equal values give equal strings. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export function deepEqualJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/**
 * Writes `status` when it differs from `current.status`. Fields that must disappear need an explicit
 * null in `status` (merge-patch semantics). Returns the written object, or undefined when no write
 * was needed.
 */
export async function patchStatusIfChanged<T extends KubeObject & { status?: unknown }>(client: KubeClient, type: ResourceType, current: T, status: Record<string, unknown>, signal?: AbortSignal): Promise<T | undefined> {
  const merged = mergeForComparison(current.status, status);
  if (deepEqualJson(merged, current.status ?? {})) return undefined;
  return client.mergePatch<T>(type, current.metadata?.name ?? '', { status }, { namespace: current.metadata?.namespace, subresource: 'status', signal });
}

/** What the status will look like after the merge patch (nulls remove fields; arrays replace). */
export function mergeForComparison(current: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const base = new Map<string, unknown>(current !== null && typeof current === 'object' && !Array.isArray(current) ? Object.entries(current) : []);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) base.delete(k);
    else if (typeof v === 'object' && !Array.isArray(v)) base.set(k, mergeForComparison(base.get(k), v as Record<string, unknown>));
    else base.set(k, v);
  }
  return Object.fromEntries(base);
}
