// The series the alerts (charts/tenant-network-controller/alerts/rules.yaml) need that the controller
// makes for them, from the app as cmd assembles it: objects not Ready by kind and reason, leadership
// when leader election is off, and the traffic sampling period.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_CONNECTIONS } from '../../src/api/resources.js';
import { createApp, type App } from '../../src/controller/app.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CalicoProvider } from '../../src/providers/calico/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { sharedCluster } from '../harness/shared.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { SYSTEM_NAMESPACES } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';

const CONNECTION = 'alert-metrics-to-nowhere';

/** The value of one series in Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics for the alerts', () => {
  let admin: KubeClient;
  let client: KubeClient;
  let app: App;

  beforeAll(async () => {
    const cluster = sharedCluster();
    await cluster.installCrds(ALL_CRD_FILES);
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    client = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    app = createApp({
      client,
      provider: new CalicoProvider({ client }),
      network: { provider: 'calico', systemNamespaces: SYSTEM_NAMESPACES, allowedIngressCIDRs: [], allowedIngressNamespaces: [], egressIsolation: true, podSecurity: '', deniedEgressCIDRs: [], extraPodCidrs: [] },
      vpcPool: { ranges: ['10.128.0.0/10'], vpcPrefixLength: 16 },
      log: silentLogger(),
      instance: 'alert-metrics',
      probePort: 0,
      probeHost: '127.0.0.1',
      traffic: { source: { name: 'test-source', sample: () => Promise.resolve([]) }, periodMs: 120_000 },
    });
    await app.start();
  }, 60_000);

  afterAll(async () => {
    await admin.delete(PROJECT_CONNECTIONS, CONNECTION).catch(() => undefined);
    await app.stop();
    await Promise.all([client.close(), admin.close()]);
  }, 30_000);

  it('counts a connection to a missing project as not Ready, by reason, until it is gone', async () => {
    const series = 'tenant_network_objects_not_ready{kind="ProjectConnection",reason="ProjectNotFound"}';
    const before = sample(await app.registry.metrics(), series) ?? 0;
    await admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: CONNECTION }, spec: { from: { project: 'alert-metrics-a' }, to: { project: 'alert-metrics-b' } } } as KubeObject);
    await eventually(async () => { expect(sample(await app.registry.metrics(), series)).toBe(before + 1); }, 20_000);
    await admin.delete(PROJECT_CONNECTIONS, CONNECTION);
    await eventually(async () => { expect(sample(await app.registry.metrics(), series) ?? 0).toBe(before); }, 20_000);
  }, 60_000);

  it('reports the replica as leader without leader election, and the sampling period', async () => {
    const text = await app.registry.metrics();
    expect(sample(text, 'leader_election_master_status{name=""}')).toBe(1);
    expect(sample(text, 'tenant_network_traffic_period_seconds{source="test-source"}')).toBe(120);
  });
});
