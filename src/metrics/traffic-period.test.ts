import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { registerTrafficPeriod } from './traffic-period.js';

describe('registerTrafficPeriod', () => {
  it('reports the period in seconds for the source, only while active', async () => {
    const registry = new Registry();
    let active = false;
    registerTrafficPeriod({ registry, source: 'qingcloud', periodMs: 300_000, active: () => active });
    expect(await registry.metrics()).not.toContain('tenant_network_traffic_period_seconds{');
    active = true;
    expect(await registry.metrics()).toContain('tenant_network_traffic_period_seconds{source="qingcloud"} 300');
    active = false;
    expect(await registry.metrics()).not.toContain('tenant_network_traffic_period_seconds{');
  });
});
