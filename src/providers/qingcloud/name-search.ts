// Plans the Describe* searches that find many resources by their deterministic names at once.
// `search_word` is a substring match, so names sharing a prefix can be found with that prefix and
// matched exactly afterwards: a workspace's subnets share `ks-ns.<workspace>.`, and all VPCs share
// `ks-ws.`. Grouping subnets per workspace keeps each search to one VPC's worth of vxnets.

import { SUBNET_NAME_PREFIX, VPC_NAME_PREFIX, parseName } from './naming.js';

export interface NameSearch {
  readonly searchWord: string;
  readonly names: readonly string[];
}

function groupKey(name: string): string {
  const parsed = parseName(name);
  if (parsed?.kind === 'vpc') return VPC_NAME_PREFIX;
  if (parsed?.kind === 'subnet' && parsed.workspace !== undefined) return `${SUBNET_NAME_PREFIX}${parsed.workspace}.`;
  return name;
}

/** One search per group; a group of one searches for the exact name (the narrowest answer). */
export function planNameSearches(names: readonly string[]): NameSearch[] {
  const groups = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const key = groupKey(name);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups].map(([key, members]) => ({ searchWord: members.length === 1 ? (members[0] ?? key) : key, names: members }));
}
