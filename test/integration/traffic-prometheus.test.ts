// The Calico traffic path end to end: a real Prometheus on loopback scrapes an exporter serving
// cAdvisor-style per-pod network counters; the leader's sampler queries Prometheus' HTTP API with the
// default queries, publishes per-project and per-workspace series, and writes status.traffic on the
// ProjectNetworks of the controller running against the shared apiserver. The IPAM utilisation
// gauges of the same controller are checked on the way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import { DEFAULT_SUBNET_PREFIX_LENGTH } from '../../src/api/workspace-network.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { registerIpamUtilisation, workspaceRangesOf } from '../../src/metrics/ipam-utilisation.js';
import { PrometheusTrafficSource } from '../../src/metrics/traffic-prometheus.js';
import { createTrafficSampler, type TrafficSampler } from '../../src/controller/traffic/sampler.js';
import { silentLogger } from '../../src/util/logger.js';
import { createNamespace, createWorkspace, deleteNamespace, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { startCounterExporter, startPrometheus, type CounterExporter, type PrometheusServer } from '../support/prometheus-server.js';

type Pjn = ProjectNetwork & KubeObject;

const id = `trp${Date.now().toString(36).slice(-5)}`;
const WS = `${id}-ws`;
const PROJECTS = [`${id}-a`, `${id}-b`];
const PERIOD_MS = 2_000;
/**
 * The default queries' shape with irate instead of rate[5m]: rate() divides by the whole 5-minute
 * window, which a test that started seconds ago cannot fill; irate reads the last two scrapes.
 */
const INGRESS_QUERY = 'sum by (namespace) (irate(container_network_receive_bytes_total[30s]))';
const EGRESS_QUERY = 'sum by (namespace) (irate(container_network_transmit_bytes_total[30s]))';

/** bytes/s per project: [receive (ingress), transmit (egress)], spread over two pods each. */
const RATES: Record<string, [number, number]> = { [PROJECTS[0] ?? '']: [4000, 1000], [PROJECTS[1] ?? '']: [800, 2400] };

function near(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  // Scrape timestamps and the exporter's clock differ by milliseconds per second.
  expect(Math.abs((actual ?? 0) - expected) / expected).toBeLessThan(0.1);
}

function gauge(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('traffic from Prometheus (Calico path)', () => {
  let env: CoreEnv;
  let exporter: CounterExporter;
  let prometheus: PrometheusServer;
  let sampler: TrafficSampler;
  const registry = new Registry();

  beforeAll(async () => {
    exporter = await startCounterExporter(Object.entries(RATES).flatMap(([namespace, [rx, tx]]) => [1, 2].flatMap((pod) => [
      { name: 'container_network_receive_bytes_total', labels: { namespace, pod: `pod-${pod}`, interface: 'eth0' }, ratePerSecond: rx / 2 },
      { name: 'container_network_transmit_bytes_total', labels: { namespace, pod: `pod-${pod}`, interface: 'eth0' }, ratePerSecond: tx / 2 },
    ])).concat([{ name: 'container_network_receive_bytes_total', labels: { namespace: 'kube-system', pod: 'dns', interface: 'eth0' }, ratePerSecond: 99 }]));
    prometheus = await startPrometheus([exporter.target]);
    env = await startCoreEnv();
    await createWorkspace(env.admin, WS);
    for (const p of PROJECTS) await createNamespace(env.admin, p, WS);
    await eventually(async () => {
      for (const p of PROJECTS) expect((await env.admin.get<Pjn>(PROJECT_NETWORKS, p)).status?.phase).toBe('Ready');
    }, 30_000);
    // Enough scrapes for irate() to have two samples in its window.
    await eventually(async () => {
      const answer = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('count(irate(container_network_receive_bytes_total[30s]) > 0)')}`);
      const body = await answer.json() as { data?: { result?: { value?: [number, string] }[] } };
      expect(Number(body.data?.result?.[0]?.value?.[1] ?? 0)).toBe(5);
    }, 30_000, 500);
  }, 120_000);

  afterAll(async () => {
    await sampler.controller.stop(1000);
    for (const p of PROJECTS) await deleteNamespace(env.admin, p).catch(() => undefined);
    await env.admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${WS}`).catch(() => undefined);
    await env.stop();
    await prometheus.stop();
    await exporter.stop();
  }, 60_000);

  it('publishes per-project and workspace series and writes status.traffic from Prometheus', async () => {
    sampler = createTrafficSampler({ source: new PrometheusTrafficSource({ url: prometheus.url, ingressQuery: INGRESS_QUERY, egressQuery: EGRESS_QUERY }), caches: env.app.caches, client: env.admin, registry, log: silentLogger(), periodMs: PERIOD_MS });
    sampler.controller.start();
    for (const project of PROJECTS) {
      const [rx, tx] = RATES[project] ?? [0, 0];
      const pjn = await eventually(async () => {
        const current = await env.admin.get<Pjn>(PROJECT_NETWORKS, project);
        expect(current.status?.traffic).toBeDefined();
        return current;
      }, 20_000, 250);
      near(pjn.status?.traffic?.ingressBytesPerSecond, rx);
      near(pjn.status?.traffic?.egressBytesPerSecond, tx);
      expect(Date.now() - Date.parse(pjn.status?.traffic?.sampledAt ?? '')).toBeLessThan(60_000);
    }
    const text = await registry.metrics();
    near(gauge(text, 'tenant_network_project_traffic_bytes_per_second', `workspace="${WS}",project="${PROJECTS[0] ?? ''}",direction="ingress"`), 4000);
    near(gauge(text, 'tenant_network_project_traffic_bytes_per_second', `workspace="${WS}",project="${PROJECTS[1] ?? ''}",direction="egress"`), 2400);
    near(gauge(text, 'tenant_network_workspace_traffic_bytes_per_second', `workspace="${WS}",direction="ingress"`), 4800);
    near(gauge(text, 'tenant_network_workspace_traffic_bytes_per_second', `workspace="${WS}",direction="egress"`), 3400);
    // Only projects are sampled: kube-system's traffic is no tenant's.
    expect(text).not.toContain('project="kube-system"');
  }, 60_000);

  it('writes each project status at most once per period', async () => {
    const writes = (text: string): number => gauge(text, 'tenant_network_traffic_status_writes_total', 'outcome="written"') ?? 0;
    const before = writes(await registry.metrics());
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3 * PERIOD_MS));
    const periods = Math.ceil((Date.now() - started) / PERIOD_MS);
    const written = writes(await registry.metrics()) - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(periods * PROJECTS.length);
  }, 30_000);

  it('the shipped dashboard queries are valid PromQL for this Prometheus', async () => {
    const dashboard = JSON.parse(readFileSync(fileURLToPath(new URL('../../charts/tenant-network-controller/dashboards/tenant-network-controller.json', import.meta.url)), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr.replace(/\$(workspace|project|job)/g, '.*')));
    expect(exprs.length).toBeGreaterThan(20);
    for (const expr of exprs) {
      const answer = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = await answer.json() as { status: string; error?: string };
      expect({ expr, status: body.status, error: body.error }).toEqual({ expr, status: 'success', error: undefined });
    }
  });

  it('reports IPAM utilisation of the leader', async () => {
    const ipamRegistry = new Registry();
    registerIpamUtilisation({
      registry: ipamRegistry,
      ipam: env.app.ipam,
      workspaces: () => workspaceRangesOf(env.app.caches.workspaceNetworks.list(), DEFAULT_SUBNET_PREFIX_LENGTH),
      active: () => env.app.manager.isLeader,
    });
    const text = await ipamRegistry.metrics();
    expect(gauge(text, 'tenant_network_ipam_subnets', `workspace="${WS}",state="used"`)).toBe(2);
    expect(gauge(text, 'tenant_network_ipam_subnets', `workspace="${WS}",state="free"`)).toBe(254);
    expect(gauge(text, 'tenant_network_ipam_vpc_ranges', 'state="used"')).toBeGreaterThanOrEqual(1);
    expect(gauge(text, 'tenant_network_ipam_vpc_ranges', 'state="free"')).toBeGreaterThan(0);
  });
});
