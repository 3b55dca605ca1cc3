import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { TrafficSample } from '../providers/contract.js';
import { createTrafficGauges } from './traffic-gauges.js';

const sample = (project: string, workspace: string, atSeconds: number, ingress: number, egress: number): TrafficSample => ({
  subnet: { workspace, project, projectUid: `uid-${project}` },
  timestampMs: atSeconds * 1000,
  ingressBytesPerSecond: ingress,
  egressBytesPerSecond: egress,
});

async function totals(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('tenant_network_project_traffic_bytes_total')?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [`${String(v.labels.workspace)}/${String(v.labels.project)}/${String(v.labels.direction)}`, v.value]));
}

describe('the cumulative byte counters', () => {
  it('integrate each rate over the time since the project was last sampled, starting at its first sample', async () => {
    const registry = new Registry();
    const gauges = createTrafficGauges(registry, 'test');
    gauges.publish([sample('p', 'w', 100, 1000, 10)], new Date());
    expect(await totals(registry)).toEqual({});
    gauges.publish([sample('p', 'w', 160, 2000, 20)], new Date());
    gauges.publish([sample('p', 'w', 190, 500, 0)], new Date());
    expect(await totals(registry)).toEqual({ 'w/p/ingress': 60 * 2000 + 30 * 500, 'w/p/egress': 60 * 20 });
  });

  it('count nothing for a repeated or older sample, and forget projects that are gone', async () => {
    const registry = new Registry();
    const gauges = createTrafficGauges(registry, 'test');
    gauges.publish([sample('p', 'w', 100, 1, 1), sample('q', 'w', 100, 1, 1)], new Date());
    gauges.publish([sample('p', 'w', 110, 5, 5), sample('q', 'w', 110, 5, 5)], new Date());
    gauges.publish([sample('p', 'w', 110, 5, 5), sample('q', 'w', 105, 9, 9)], new Date());
    expect(await totals(registry)).toEqual({ 'w/p/ingress': 50, 'w/p/egress': 50, 'w/q/ingress': 50, 'w/q/egress': 50 });
    gauges.retain(new Set(['p']));
    expect(Object.keys(await totals(registry))).toEqual(['w/p/ingress', 'w/p/egress']);
  });

  it('start over under the new workspace when a project moves', async () => {
    const registry = new Registry();
    const gauges = createTrafficGauges(registry, 'test');
    gauges.publish([sample('p', 'w', 0, 1, 1)], new Date());
    gauges.publish([sample('p', 'w', 10, 1, 1)], new Date());
    gauges.publish([sample('p', 'v', 20, 1, 1)], new Date());
    gauges.publish([sample('p', 'v', 30, 2, 2)], new Date());
    expect(await totals(registry)).toEqual({ 'v/p/ingress': 20, 'v/p/egress': 20 });
  });
});
