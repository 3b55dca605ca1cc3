// The Grafana dashboard shipped in the chart reads only series the controller exports, and is laid
// out without overlapping panels.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { IpamRegistry } from '../controller/ipam-registry.js';
import { createWebhookMetrics } from '../webhook/webhook-metrics.js';
import { registerIpamUtilisation } from './ipam-utilisation.js';
import { createProviderCallCounter } from './provider-metrics.js';
import { createRuntimeMetrics } from './runtime-metrics.js';
import { createTrafficGauges } from './traffic-gauges.js';

const DASHBOARD = fileURLToPath(new URL('../../charts/tenant-network-controller/dashboards/tenant-network-controller.json', import.meta.url));

interface Panel {
  type: string;
  id: number;
  title: string;
  description?: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { uid?: string };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[]; templating: { list: { name: string }[] } };
const panels = dashboard.panels.filter((p) => p.type !== 'row');

function exportedSeries(): Set<string> {
  const registry = new Registry();
  createRuntimeMetrics(registry);
  createWebhookMetrics(registry);
  createTrafficGauges(registry, 'test');
  createProviderCallCounter(registry, 'test');
  registerIpamUtilisation({ registry, ipam: new IpamRegistry({ ranges: ['10.0.0.0/8'], vpcPrefixLength: 16 }), workspaces: () => [], active: () => false });
  const names = new Set<string>();
  for (const metric of registry.getMetricsAsArray()) {
    const name = metric.name;
    names.add(name);
    for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

describe('Grafana dashboard', () => {
  it('queries only series the controller exports', () => {
    const exported = exportedSeries();
    const referenced = new Set(panels.flatMap((p) => (p.targets ?? []).flatMap((t) => t.expr.match(/\b(tenant_network|controller_runtime|workqueue|leader_election|rest_client)_[a-z0-9_]+/g) ?? [])));
    expect(referenced.size).toBeGreaterThan(10);
    expect([...referenced].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('covers traffic, IPAM, reconciles, provider calls and the webhook', () => {
    const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const series of [
      'tenant_network_project_traffic_bytes_per_second',
      'tenant_network_workspace_traffic_bytes_per_second',
      'tenant_network_ipam_subnets',
      'tenant_network_ipam_vpc_ranges',
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_errors_total',
      'tenant_network_provider_api_calls_total',
      'tenant_network_webhook_requests_total',
    ]) expect(exprs).toContain(series);
  });

  it('has unique ids, a description and the datasource variable on every panel, and no overlaps', () => {
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    expect(dashboard.templating.list.map((v) => v.name)).toContain('datasource');
    for (const p of panels) {
      expect({ title: p.title, described: (p.description ?? '') !== '', datasource: p.datasource?.uid }).toEqual({ title: p.title, described: true, datasource: '${datasource}' });
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
    const cells = new Map<string, string>();
    for (const p of dashboard.panels) {
      for (let dx = 0; dx < p.gridPos.w; dx++) {
        for (let dy = 0; dy < p.gridPos.h; dy++) {
          const key = `${p.gridPos.x + dx},${p.gridPos.y + dy}`;
          expect({ key, taken: cells.get(key) }).toEqual({ key, taken: undefined });
          cells.set(key, p.title);
        }
      }
    }
  });
});
