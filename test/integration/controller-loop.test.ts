// The reconcile loop against a real apiserver: many rapid updates coalesce into few reconciles,
// never two at once for one key, and the last state is always the one reconciled.
import { describe, expect, it } from '@jest/globals';
import { Controller } from '../../src/kube/controller.js';
import { Informer } from '../../src/kube/informer.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { sharedCluster } from '../harness/shared.js';
import { eventually } from '../support/eventually.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

async function setUp(namespace: string, reconcileMs: number, gate?: Promise<void>) {
  const cluster = sharedCluster();
  const client = await KubeClient.fromKubeConfig(cluster.adminKubeConfig(), { connections: 32 });
  await client.create(CORE.namespaces, { metadata: { name: namespace } });
  await client.create(CORE.configMaps, { metadata: { name: 'target', namespace }, data: { n: '0' } });
  const informer = new Informer<ConfigMap>({ client, type: CORE.configMaps, namespace });
  const seen: number[] = [];
  const stats = { concurrent: 0, maxConcurrent: 0 };
  const controller = new Controller({
    name: namespace,
    concurrency: 4,
    reconcile: async (key) => {
      stats.concurrent++;
      stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.concurrent);
      // Level-based: read the latest cached state, not the event.
      seen.push(Number(informer.get(key)?.data?.n ?? -1));
      if (seen.length === 1 && gate !== undefined) await gate;
      await new Promise((r) => setTimeout(r, reconcileMs));
      stats.concurrent--;
      return undefined;
    },
  });
  controller.watch(informer);
  informer.start();
  await informer.waitForSync();
  controller.start();
  return { client, informer, controller, seen, stats };
}

async function rapidUpdates(client: KubeClient, namespace: string, updates: number): Promise<void> {
  for (let n = 1; n <= updates; n++) {
    await client.mergePatch(CORE.configMaps, 'target', { data: { n: String(n) } }, { namespace });
  }
}

describe('controller loop', () => {
  it('coalesces 1,000 rapid updates of one object into the few reconciles that can see them', async () => {
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    const env = await setUp('coalesce-gated', 5, gate);
    const updates = 1000;
    // All updates land while the first reconcile is in flight: they must collapse into one more.
    await eventually(() => { expect(env.seen.length).toBe(1); });
    await rapidUpdates(env.client, 'coalesce-gated', updates);
    await eventually(() => { expect(env.informer.get('coalesce-gated/target')?.data?.n).toBe(String(updates)); });
    open();
    await eventually(() => { expect(env.seen[env.seen.length - 1]).toBe(updates); }, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(env.stats.maxConcurrent).toBe(1);
    expect(env.seen.length).toBeLessThanOrEqual(3);
    await env.controller.stop();
    await env.informer.stop();
    await env.client.close();
  }, 120_000);

  it('reports the natural coalescing ratio of a 20 ms reconcile under 1,000 sequential updates', async () => {
    const env = await setUp('coalesce-natural', 20);
    const updates = 1000;
    await rapidUpdates(env.client, 'coalesce-natural', updates);
    await eventually(() => { expect(env.seen[env.seen.length - 1]).toBe(updates); }, 20_000);
    expect(env.stats.maxConcurrent).toBe(1);
    expect(env.seen.length).toBeLessThan(updates);
    process.stderr.write(`[coalescing] ${updates} updates → ${env.seen.length} reconciles (ratio ${(updates / env.seen.length).toFixed(1)}:1)\n`);
    await env.controller.stop();
    await env.informer.stop();
    await env.client.close();
  }, 120_000);
});
