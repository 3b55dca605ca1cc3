// From the project's rendered policies and the managed ones its namespace holds, the writes that
// make them agree: apply what differs, delete what is no longer rendered. The comparison applies
// the apiserver's defaulting (protocol TCP, empty lists dropped), so a converged cluster compares
// equal and a resync writes nothing.
import { stableStringify } from '../../kube/status.js';
import type { NetworkPolicy } from '../../policy/index.js';
import type { NetworkPolicyObject } from '../caches.js';

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = normalize(v);
  }
  // A NetworkPolicyPort without a protocol means TCP; the apiserver writes it out.
  if (typeof out.port === 'number' && !('protocol' in out)) out.protocol = 'TCP';
  return out;
}

export function policyMatches(desired: NetworkPolicy, live: NetworkPolicyObject | undefined): boolean {
  if (live === undefined) return false;
  const labelsOk = Object.entries(desired.metadata.labels).every(([k, v]) => live.metadata?.labels?.[k] === v);
  if (!labelsOk) return false;
  if (stableStringify(desired.metadata.ownerReferences) !== stableStringify(live.metadata?.ownerReferences ?? [])) return false;
  return stableStringify(normalize(desired.spec)) === stableStringify(normalize(live.spec));
}

export interface PolicySync {
  readonly apply: readonly NetworkPolicy[];
  /** Names of the managed policies to delete. */
  readonly delete: readonly string[];
}

export function planPolicySync(desired: readonly NetworkPolicy[], live: readonly NetworkPolicyObject[]): PolicySync {
  const byName = new Map(live.flatMap((p) => (p.metadata?.name === undefined ? [] : [[p.metadata.name, p] as const])));
  const wanted = new Set(desired.map((p) => p.metadata.name));
  return {
    apply: desired.filter((p) => !policyMatches(p, byName.get(p.metadata.name))),
    delete: [...byName.keys()].filter((name) => !wanted.has(name)),
  };
}
