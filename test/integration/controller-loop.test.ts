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

describe('controller loop', () => {
  it('coalesces 1,000 rapid updates of one object', async () => {
    const cluster = sharedCluster();
    const client = await KubeClient.fromKubeConfig(cluster.adminKubeConfig(), { connections: 32 });
    const namespace = 'coalesce';
    await client.create(CORE.namespaces, { metadata: { name: namespace } });
    await client.create(CORE.configMaps, { metadata: { name: 'target', namespace }, data: { n: '0' } });

    const informer = new Informer<ConfigMap>({ client, type: CORE.configMaps, namespace });
    const seen: number[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const controller = new Controller({
      name: 'coalesce',
      concurrency: 4,
      reconcile: async (key) => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        // Level-based: read the latest cached state, not the event.
        seen.push(Number(informer.get(key)?.data?.n ?? -1));
        await new Promise((r) => setTimeout(r, 20));
        concurrent--;
        return undefined;
      },
    });
    controller.watch(informer);
    informer.start();
    await informer.waitForSync();
    controller.start();

    const updates = 1000;
    // Sequential batches of parallel patches: rapid, and each one a real update on the server.
    for (let batch = 0; batch < updates / 20; batch++) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => client.mergePatch(CORE.configMaps, 'target', { data: { [`k${i}`]: String(batch) } }, { namespace })));
    }
    await client.mergePatch(CORE.configMaps, 'target', { data: { n: String(updates) } }, { namespace });

    await eventually(() => { expect(seen[seen.length - 1]).toBe(updates); }, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(maxConcurrent).toBe(1);
    expect(seen.length).toBeLessThan(updates / 4);
    process.stderr.write(`[coalescing] ${updates + 1} updates → ${seen.length} reconciles (ratio ${((updates + 1) / seen.length).toFixed(1)}:1)\n`);
    await controller.stop();
    await informer.stop();
    await client.close();
  }, 120_000);
});
