// What every reconciler shares: the API client, the caches, the address state, the provider,
// the Event recorder, the reconcilers' metrics and the configuration. Built once by createApp.
import type { EventRecorder } from '../kube/events.js';
import type { KubeClient } from '../kube/kube-client.js';
import type { ReconcilerMetrics } from '../metrics/reconciler-metrics.js';
import type { NetworkProvider } from '../providers/contract.js';
import type { CacheReaders } from './caches.js';
import type { IpamRegistry } from './ipam-registry.js';
import type { PodSecurityLevel } from './project/guard-marks.js';

export interface NetworkConfig {
  readonly provider: string;
  readonly systemNamespaces: readonly string[];
  readonly allowedIngressCIDRs: readonly string[];
  readonly allowedIngressNamespaces: readonly string[];
  readonly egressIsolation: boolean;
  /** Pod Security Admission level set on project namespaces ('' leaves them alone). */
  readonly podSecurity: PodSecurityLevel;
  /** Outside ranges projects may never reach (e.g. the cloud metadata address). */
  readonly deniedEgressCIDRs: readonly string[];
  /** Pod ranges to exclude from "outside", on top of the VPC pool and what the provider reports. */
  readonly extraPodCidrs: readonly string[];
}

export interface ControllerContext {
  readonly client: KubeClient;
  readonly caches: CacheReaders;
  readonly ipam: IpamRegistry;
  readonly provider: NetworkProvider;
  readonly events: EventRecorder;
  readonly metrics: ReconcilerMetrics;
  readonly config: NetworkConfig;
  /** Every pod address range of the cluster, sorted (refreshed from the provider at start). */
  podCidrs(): readonly string[];
  readonly now: () => Date;
}
