import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { createRuntimeMetrics } from '../metrics/runtime-metrics.js';
import { ProbeServer } from './probe-server.js';

describe('ProbeServer', () => {
  it('reports readiness from its checks and serves metrics', async () => {
    const registry = new Registry();
    const metrics = createRuntimeMetrics(registry);
    metrics.setLeader('tnc', true);
    let synced = false;
    const server = new ProbeServer({ registry, readiness: { informers: () => (synced ? undefined : 'caches not synced') } });
    const port = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    try {
      const before = await fetch(`${base}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.text()).toContain('[-]informers failed: caches not synced');
      synced = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('leader_election_master_status{name="tnc"} 1');
    } finally {
      await server.close();
    }
  });
});
