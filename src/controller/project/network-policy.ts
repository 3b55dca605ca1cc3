// Rendered policies as the API sees them, and whether the live object already says the same.
// The comparison applies the apiserver's defaulting (protocol TCP, empty lists dropped), so a
// converged cluster compares equal and a resync writes nothing.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { stableStringify } from '../../kube/status.js';
import type { NetworkPolicyObject } from '../caches.js';

/** client-node names the ingress peer list `_from`; the API (and our raw client) says `from`. */
export function toWireNetworkPolicy(policy: V1NetworkPolicy): NetworkPolicyObject {
  return JSON.parse(JSON.stringify(policy), (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && '_from' in value) {
      const { _from: from, ...rest } = value as Record<string, unknown>;
      return { from, ...rest };
    }
    return value;
  }) as NetworkPolicyObject;
}

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

export function policyMatches(desired: NetworkPolicyObject, live: NetworkPolicyObject | undefined): boolean {
  if (live === undefined) return false;
  const labelsOk = Object.entries(desired.metadata?.labels ?? {}).every(([k, v]) => live.metadata?.labels?.[k] === v);
  if (!labelsOk) return false;
  if (stableStringify(desired.metadata?.ownerReferences ?? []) !== stableStringify(live.metadata?.ownerReferences ?? [])) return false;
  return stableStringify(normalize(desired.spec)) === stableStringify(normalize(live.spec));
}
