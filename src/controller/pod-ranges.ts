// Every pod address range of the cluster, which egress rules except from "outside": the VPC pool,
// the ranges the configuration adds (extraPodCidrs: another CNI's pods), and what the provider
// reports at start (Calico's own pools). Each reaches the set by this one route.

export interface PodRangeSources {
  readonly vpcPool: readonly string[];
  readonly configured: readonly string[];
  /** From the provider; empty until it has answered (or when it cannot). */
  readonly discovered?: readonly string[];
}

/** Sorted, each range once. */
export function clusterPodRanges(sources: PodRangeSources): string[] {
  return [...new Set([...sources.vpcPool, ...sources.configured, ...(sources.discovered ?? [])])].sort();
}
