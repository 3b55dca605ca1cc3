// Where per-project traffic figures come from: the provider's own monitoring (QingCloud GetMonitor on
// the router) or, for Calico, the cluster's Prometheus. Both answer in bytes per second per subnet.
import type { NetworkProvider, SubnetRef, TrafficSample } from '../providers/contract.js';

export interface TrafficSource {
  /** `provider:<name>` or `prometheus`, for logs and metric labels. */
  readonly name: string;
  /** Samples for the subnets it has figures for; subnets without data are simply absent. */
  sample(subnets: readonly SubnetRef[], signal: AbortSignal): Promise<TrafficSample[]>;
}

/** The provider's traffic source, or undefined when the provider cannot report traffic. */
export function providerTrafficSource(provider: NetworkProvider): TrafficSource | undefined {
  const sampleTraffic = provider.sampleTraffic?.bind(provider);
  if (sampleTraffic === undefined || !provider.capabilities.trafficMetrics) return undefined;
  return { name: `provider:${provider.name}`, sample: (subnets, signal) => sampleTraffic(subnets, signal) };
}
