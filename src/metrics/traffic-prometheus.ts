// Per-project traffic from a Prometheus HTTP API (instant queries), for providers without their own
// monitoring (Calico). The default queries read cAdvisor's per-pod interface counters, summed by
// namespace: a project is a namespace, received bytes are the project's ingress and transmitted
// bytes its egress.
import type { SubnetRef, TrafficSample } from '../providers/contract.js';
import { retryableError, terminalError } from '../util/errors.js';
import type { TrafficSource } from './traffic-source.js';

export const DEFAULT_INGRESS_QUERY = 'sum by (namespace) (rate(container_network_receive_bytes_total[5m]))';
export const DEFAULT_EGRESS_QUERY = 'sum by (namespace) (rate(container_network_transmit_bytes_total[5m]))';

export interface PrometheusTrafficOptions {
  /** Base URL of the Prometheus HTTP API, e.g. `http://prometheus-k8s.kubesphere-monitoring-system.svc:9090`. */
  readonly url: string;
  readonly ingressQuery?: string;
  readonly egressQuery?: string;
  /** Result label holding the project (namespace) name. */
  readonly namespaceLabel?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export interface VectorPoint {
  readonly value: number;
  readonly timestampMs: number;
}

export type VectorParseResult =
  | { readonly ok: true; readonly byNamespace: ReadonlyMap<string, VectorPoint> }
  | { readonly ok: false; readonly message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an instant-query answer (`resultType: vector`); NaN and negative values are dropped. */
export function parseVectorResponse(body: unknown, namespaceLabel: string): VectorParseResult {
  if (!isRecord(body)) return { ok: false, message: 'answer is not a JSON object' };
  if (body.status !== 'success') return { ok: false, message: `query failed: ${typeof body.error === 'string' ? body.error : String(body.status)}` };
  const data = body.data;
  if (!isRecord(data) || data.resultType !== 'vector' || !Array.isArray(data.result)) return { ok: false, message: 'answer is not an instant vector' };
  const byNamespace = new Map<string, VectorPoint>();
  for (const item of data.result as unknown[]) {
    if (!isRecord(item) || !isRecord(item.metric) || !Array.isArray(item.value)) continue;
    const namespace = item.metric[namespaceLabel];
    const [time, text] = item.value as unknown[];
    const value = typeof text === 'string' ? Number(text) : NaN;
    if (typeof namespace !== 'string' || typeof time !== 'number' || !Number.isFinite(value) || value < 0) continue;
    const previous = byNamespace.get(namespace);
    // A query that is not aggregated by namespace yields several series: add them up.
    byNamespace.set(namespace, { value: (previous?.value ?? 0) + value, timestampMs: Math.max(previous?.timestampMs ?? 0, Math.round(time * 1000)) });
  }
  return { ok: true, byNamespace };
}

/** One sample per subnet whose project appears in either answer (a missing direction counts as 0). */
export function samplesFromVectors(subnets: readonly SubnetRef[], ingress: ReadonlyMap<string, VectorPoint>, egress: ReadonlyMap<string, VectorPoint>): TrafficSample[] {
  return subnets.flatMap((subnet) => {
    const inbound = ingress.get(subnet.project);
    const outbound = egress.get(subnet.project);
    if (inbound === undefined && outbound === undefined) return [];
    return [{
      subnet,
      timestampMs: Math.max(inbound?.timestampMs ?? 0, outbound?.timestampMs ?? 0),
      ingressBytesPerSecond: inbound?.value ?? 0,
      egressBytesPerSecond: outbound?.value ?? 0,
    }];
  });
}

export class PrometheusTrafficSource implements TrafficSource {
  readonly name = 'prometheus';
  private readonly options: PrometheusTrafficOptions;
  private readonly base: string;

  constructor(options: PrometheusTrafficOptions) {
    this.options = options;
    this.base = options.url.replace(/\/+$/, '');
  }

  async sample(subnets: readonly SubnetRef[], signal: AbortSignal): Promise<TrafficSample[]> {
    if (subnets.length === 0) return [];
    const [ingress, egress] = await Promise.all([
      this.query(this.options.ingressQuery ?? DEFAULT_INGRESS_QUERY, signal),
      this.query(this.options.egressQuery ?? DEFAULT_EGRESS_QUERY, signal),
    ]);
    return samplesFromVectors(subnets, ingress, egress);
  }

  private async query(query: string, signal: AbortSignal): Promise<ReadonlyMap<string, VectorPoint>> {
    const doFetch = this.options.fetch ?? fetch;
    const url = `${this.base}/api/v1/query`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ query }).toString(),
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs ?? 10_000)]),
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw retryableError('PrometheusUnreachable', `prometheus ${this.base}: ${err instanceof Error ? err.message : String(err)}`, err);
    }
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = parseVectorResponse(body, this.options.namespaceLabel ?? 'namespace');
    if (response.ok && parsed.ok) return parsed.byNamespace;
    const message = `prometheus query ${JSON.stringify(query)}: HTTP ${response.status}${parsed.ok ? '' : `, ${parsed.message}`}`;
    // 4xx is a bad query (configuration): retrying the same one cannot help.
    throw response.status >= 500 || response.status === 429 ? retryableError('PrometheusQueryFailed', message) : terminalError('PrometheusQueryFailed', message);
  }
}

