// From the project's rendered policies and the managed ones its namespace holds (as cached: spec
// digests, cached-policy.ts), the writes that make them agree: apply what differs, delete what is
// no longer rendered. A converged cluster compares equal, so a resync writes nothing.
import { stableStringify } from '../../kube/status.js';
import type { NetworkPolicy } from '../../policy/index.js';
import { policySpecDigest, type CachedPolicy } from '../cached-policy.js';

export function policyMatches(desired: NetworkPolicy, live: CachedPolicy | undefined): boolean {
  if (live === undefined) return false;
  const labelsOk = Object.entries(desired.metadata.labels).every(([k, v]) => live.metadata?.labels?.[k] === v);
  if (!labelsOk) return false;
  if (stableStringify(desired.metadata.ownerReferences) !== stableStringify(live.metadata?.ownerReferences ?? [])) return false;
  return policySpecDigest(desired.spec) === live.specDigest;
}

export interface PolicySync {
  readonly apply: readonly NetworkPolicy[];
  /** Names of the managed policies to delete. */
  readonly delete: readonly string[];
}

export function planPolicySync(desired: readonly NetworkPolicy[], live: readonly CachedPolicy[]): PolicySync {
  const byName = new Map(live.flatMap((p) => (p.metadata?.name === undefined ? [] : [[p.metadata.name, p] as const])));
  const wanted = new Set(desired.map((p) => p.metadata.name));
  return {
    apply: desired.filter((p) => !policyMatches(p, byName.get(p.metadata.name))),
    delete: [...byName.keys()].filter((name) => !wanted.has(name)),
  };
}
