import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { createRuntimeMetrics } from '../metrics/runtime-metrics.js';
import type { KubeClient } from './kube-client.js';
import { Manager } from './manager.js';

describe('Manager without leader election', () => {
  it('reports this replica as the leader once its controllers run', async () => {
    const registry = new Registry();
    // No informers, controllers or election: the client is never used.
    const manager = new Manager({ client: {} as KubeClient, registry, metrics: createRuntimeMetrics(registry), probePort: 0, probeHost: '127.0.0.1' });
    expect(await registry.metrics()).not.toMatch(/^leader_election_master_status/m);
    await manager.start();
    try {
      expect(manager.isLeader).toBe(true);
      expect(await registry.metrics()).toMatch(/^leader_election_master_status\{name=""\} 1$/m);
    } finally {
      await manager.stop();
    }
  });
});
