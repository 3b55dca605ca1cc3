import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../kube/api-error.js';
import { DEFAULT_SETTINGS } from './controller-settings.js';
import { FakeCluster, SAMPLE_NAMESPACE, SAMPLE_RELEASE, sampleConfigMap } from './fake-cluster.test-support.js';
import { fetchSettings, settingsFromConfigMaps } from './fetch-settings.js';

const other = (): ReturnType<typeof sampleConfigMap> => {
  const c = sampleConfigMap({ namespace: 'second' });
  return { ...c, metadata: { ...c.metadata, namespace: 'second' } };
};

describe('settingsFromConfigMaps', () => {
  it('reads the one ConfigMap found, and the metrics Service it names', () => {
    const loaded = settingsFromConfigMaps([sampleConfigMap()], undefined);
    expect(loaded.source).toEqual({ kind: 'configMap', namespace: SAMPLE_NAMESPACE, name: SAMPLE_RELEASE });
    expect(loaded.metricsService).toBe(SAMPLE_RELEASE);
    expect(loaded.settings.allowedIngressNamespaces).toEqual(['ingress-nginx']);
    expect(loaded.settings.systemNamespaces).toEqual(['kube-system', SAMPLE_NAMESPACE]);
  });

  it.each([
    ['none', [], 'no ConfigMap labelled sdn.kubesphere.io/controller-config=true in the cluster'],
    ['two', [sampleConfigMap(), other()], `2 controller configurations in the cluster (${SAMPLE_NAMESPACE}/${SAMPLE_RELEASE}, second/${SAMPLE_RELEASE}): pass --controller-namespace`],
    ['one without config.json', [{ metadata: { name: 'x', namespace: 'y' }, data: {} }], 'ConfigMap y/x has no config.json'],
    ['one with broken JSON', [{ metadata: { name: 'x', namespace: 'y' }, data: { 'config.json': '{' } }], expect.stringMatching(/^ConfigMap y\/x: config.json is not JSON \(/)],
  ])('assumes the defaults for %s, saying why', (_name, found, reason) => {
    expect(settingsFromConfigMaps(found, undefined)).toEqual({ settings: DEFAULT_SETTINGS, source: { kind: 'defaults', reason }, problems: [] });
  });
});

describe('fetchSettings', () => {
  it('looks cluster-wide first', async () => {
    const cluster = new FakeCluster({ configmaps: [other()] });
    expect((await fetchSettings(cluster.client(), undefined)).source).toEqual({ kind: 'configMap', namespace: 'second', name: SAMPLE_RELEASE });
  });

  it('falls back to the default namespace when the cluster-wide list is forbidden', async () => {
    const cluster = new FakeCluster({ configmaps: [sampleConfigMap(), other()] });
    cluster.forbidden.add('list configmaps *');
    expect((await fetchSettings(cluster.client(), undefined)).source).toEqual({ kind: 'configMap', namespace: SAMPLE_NAMESPACE, name: SAMPLE_RELEASE });
  });

  it('uses --controller-namespace alone when given', async () => {
    const cluster = new FakeCluster({ configmaps: [sampleConfigMap(), other()] });
    expect((await fetchSettings(cluster.client(), 'second')).source).toEqual({ kind: 'configMap', namespace: 'second', name: SAMPLE_RELEASE });
    expect((await fetchSettings(cluster.client(), 'third')).source).toEqual({ kind: 'defaults', reason: 'no ConfigMap labelled sdn.kubesphere.io/controller-config=true in namespace third' });
  });

  it('says it was not allowed when every list is forbidden', async () => {
    const cluster = new FakeCluster({ configmaps: [sampleConfigMap()] });
    cluster.forbidden.add('list configmaps');
    expect((await fetchSettings(cluster.client(), undefined)).source).toEqual({ kind: 'defaults', reason: `not allowed to list ConfigMaps in the cluster, nor ConfigMaps in namespace ${SAMPLE_NAMESPACE}` });
  });
});

describe('fetchSettings on an unreachable server', () => {
  it('fails like any other request instead of assuming the defaults', async () => {
    const cluster = new FakeCluster({});
    const client = cluster.client();
    client.list = () => Promise.reject(new KubeApiError(0, 'ConnectionFailed', 'GET /api/v1/configmaps: ECONNREFUSED', true));
    await expect(fetchSettings(client, undefined)).rejects.toThrow(/ECONNREFUSED/);
  });
});
