// The `traffic` section of the controller's config file, and the traffic source it selects: an
// explicit Prometheus URL wins (any provider); otherwise the provider's own monitoring if it has one
// (QingCloud); otherwise no sampling (Calico without Prometheus).
import type { NetworkProvider } from '../providers/contract.js';
import { DEFAULT_EGRESS_QUERY, DEFAULT_INGRESS_QUERY, PrometheusTrafficSource } from './traffic-prometheus.js';
import { providerTrafficSource, type TrafficSource } from './traffic-source.js';

export interface TrafficSettings {
  /** Sample traffic at all (leader only). */
  enabled: boolean;
  /** Sampling period; also the minimum time between two status.traffic writes of a project. */
  periodSeconds: number;
  /** Prometheus HTTP API base URL; empty = the provider's own monitoring, if any. */
  prometheusUrl: string;
  /** PromQL giving bytes/s into each namespace's pods, labelled by namespace. */
  ingressQuery: string;
  /** PromQL giving bytes/s out of each namespace's pods, labelled by namespace. */
  egressQuery: string;
  /** The label of the query results that names the namespace. */
  namespaceLabel: string;
}

export const DEFAULT_TRAFFIC_SETTINGS: TrafficSettings = {
  enabled: true,
  periodSeconds: 300,
  prometheusUrl: '',
  ingressQuery: DEFAULT_INGRESS_QUERY,
  egressQuery: DEFAULT_EGRESS_QUERY,
  namespaceLabel: 'namespace',
};

export function trafficSettingsErrors(s: TrafficSettings): string[] {
  const errors: string[] = [];
  if (typeof s.enabled !== 'boolean') errors.push('traffic.enabled: must be true or false');
  if (!Number.isInteger(s.periodSeconds) || s.periodSeconds < 10 || s.periodSeconds > 86_400) errors.push(`traffic.periodSeconds: ${JSON.stringify(s.periodSeconds)} must be an integer from 10 to 86400`);
  if (typeof s.prometheusUrl !== 'string') errors.push('traffic.prometheusUrl: must be a string');
  else if (s.prometheusUrl !== '') {
    let url: URL | undefined;
    try {
      url = new URL(s.prometheusUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) errors.push(`traffic.prometheusUrl: ${JSON.stringify(s.prometheusUrl)} is not an http(s) URL`);
  }
  for (const key of ['ingressQuery', 'egressQuery', 'namespaceLabel'] as const) {
    if (typeof s[key] !== 'string' || s[key].trim() === '') errors.push(`traffic.${key}: must not be empty`);
  }
  return errors;
}

export function trafficSourceFor(settings: TrafficSettings, provider: NetworkProvider): TrafficSource | undefined {
  if (!settings.enabled) return undefined;
  if (settings.prometheusUrl !== '') {
    return new PrometheusTrafficSource({ url: settings.prometheusUrl, ingressQuery: settings.ingressQuery, egressQuery: settings.egressQuery, namespaceLabel: settings.namespaceLabel });
  }
  return providerTrafficSource(provider);
}
