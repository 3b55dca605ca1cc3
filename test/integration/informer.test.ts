// The informer against a real apiserver: recovery after the apiserver dies (with changes made while
// it was down, through a second apiserver on the same etcd), and the watchdog on a stalled stream.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Informer } from '../../src/kube/informer.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import { TcpProxy } from '../harness/tcp-proxy.js';
import { sharedCluster } from '../harness/shared.js';
import { eventually } from '../support/eventually.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const fastBackoff = { initialMs: 100, maxMs: 1000, jitter: 0.2 };

function cacheNames(informer: Informer<ConfigMap>): string[] {
  return informer.list().map((c) => c.metadata?.name ?? '').sort();
}

async function serverNames(client: KubeClient, namespace: string): Promise<string[]> {
  const list = await client.list<ConfigMap>(CORE.configMaps, { namespace });
  return list.items.map((c) => c.metadata?.name ?? '').filter((n) => n !== 'kube-root-ca.crt').sort();
}

describe('informer recovery after the apiserver dies', () => {
  let plane: LocalControlPlane;

  beforeAll(async () => {
    plane = await LocalControlPlane.start();
  }, 120_000);

  afterAll(async () => {
    await plane.stop();
  });

  it('recovers by itself and matches the server, including changes made while it was down', async () => {
    const namespace = 'recovery';
    const admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
    await admin.create(CORE.namespaces, { metadata: { name: namespace } });
    for (const name of ['keep', 'delete-me', 'change-me']) await admin.create(CORE.configMaps, { metadata: { name, namespace }, data: { v: '1' } });

    const watcherClient = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
    const restarts: string[] = [];
    const informer = new Informer<ConfigMap>({ client: watcherClient, type: CORE.configMaps, namespace, fieldSelector: 'metadata.name!=kube-root-ca.crt', backoff: fastBackoff, onRestart: (r) => restarts.push(r) });
    informer.start();
    await informer.waitForSync();
    expect(cacheNames(informer)).toEqual(['change-me', 'delete-me', 'keep']);

    const second = await plane.startExtraApiserver();
    const other = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig(second.serverUrl));
    await plane.stopApiserver(true);

    await other.delete(CORE.configMaps, 'delete-me', { namespace });
    await other.mergePatch(CORE.configMaps, 'change-me', { data: { v: '2' } }, { namespace });
    await other.create(CORE.configMaps, { metadata: { name: 'added-while-down', namespace } });
    await new Promise((r) => setTimeout(r, 1500));

    await plane.startApiserver();
    await eventually(async () => {
      expect(cacheNames(informer)).toEqual(await serverNames(admin, namespace));
      expect(informer.get(`${namespace}/change-me`)?.data?.v).toBe('2');
    }, 30_000);
    expect(restarts.length).toBeGreaterThan(0);

    // And it keeps watching afterwards.
    await admin.create(CORE.configMaps, { metadata: { name: 'after', namespace } });
    await eventually(() => { expect(informer.get(`${namespace}/after`)).toBeDefined(); });

    await informer.stop();
    await second.stop();
    await Promise.all([admin.close(), other.close(), watcherClient.close()]);
  }, 120_000);
});

describe('informer watchdog', () => {
  it('restarts a stream that went silent and catches up', async () => {
    const cluster = sharedCluster();
    const admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    const proxy = await TcpProxy.start(Number(new URL(cluster.serverUrl).port));
    const viaProxy = await KubeClient.fromKubeConfig(cluster.adminKubeConfig(`https://127.0.0.1:${proxy.port}`));
    const namespace = 'watchdog';
    await admin.create(CORE.namespaces, { metadata: { name: namespace } });
    const restarts: string[] = [];
    const informer = new Informer<ConfigMap>({ client: viaProxy, type: CORE.configMaps, namespace, watchdogMs: 1500, backoff: fastBackoff, onRestart: (r) => restarts.push(r) });
    informer.start();
    await informer.waitForSync();

    proxy.stall();
    await admin.create(CORE.configMaps, { metadata: { name: 'during-stall', namespace } });
    await new Promise((r) => setTimeout(r, 2500));
    expect(informer.get(`${namespace}/during-stall`)).toBeUndefined();
    expect(restarts).toContain('Stalled');
    proxy.resume();

    await eventually(() => { expect(informer.get(`${namespace}/during-stall`)).toBeDefined(); }, 15_000);
    await informer.stop();
    await proxy.close();
    await Promise.all([admin.close(), viaProxy.close()]);
  }, 60_000);

  it('restarts after dropped connections', async () => {
    const cluster = sharedCluster();
    const admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    const proxy = await TcpProxy.start(Number(new URL(cluster.serverUrl).port));
    const viaProxy = await KubeClient.fromKubeConfig(cluster.adminKubeConfig(`https://127.0.0.1:${proxy.port}`));
    const namespace = 'dropped';
    await admin.create(CORE.namespaces, { metadata: { name: namespace } });
    const informer = new Informer<ConfigMap>({ client: viaProxy, type: CORE.configMaps, namespace, backoff: fastBackoff });
    informer.start();
    await informer.waitForSync();
    for (let i = 0; i < 5; i++) {
      proxy.dropAll();
      await admin.create(CORE.configMaps, { metadata: { name: `cm-${i}`, namespace } });
      await new Promise((r) => setTimeout(r, 100));
    }
    await eventually(() => { expect(cacheNames(informer).filter((n) => n.startsWith('cm-'))).toHaveLength(5); }, 15_000);
    await informer.stop();
    await proxy.close();
    await Promise.all([admin.close(), viaProxy.close()]);
  }, 60_000);

  it('serves metadata-only objects when asked', async () => {
    const cluster = sharedCluster();
    const admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    const namespace = 'metadata-only';
    await admin.create(CORE.namespaces, { metadata: { name: namespace } });
    await admin.create(CORE.configMaps, { metadata: { name: 'big', namespace, labels: { a: 'b' } }, data: { payload: 'x'.repeat(10_000) } });
    const informer = new Informer<ConfigMap>({ client: admin, type: CORE.configMaps, namespace, metadataOnly: true });
    informer.start();
    await informer.waitForSync();
    const cached = informer.get(`${namespace}/big`);
    expect(cached?.kind).toBe('PartialObjectMetadata');
    expect(cached?.metadata?.labels).toEqual({ a: 'b' });
    expect(cached?.data).toBeUndefined();
    await admin.mergePatch(CORE.configMaps, 'big', { metadata: { labels: { a: 'c' } } }, { namespace });
    await eventually(() => { expect(informer.get(`${namespace}/big`)?.metadata?.labels).toEqual({ a: 'c' }); });
    await informer.stop();
    await admin.close();
  }, 30_000);
});
