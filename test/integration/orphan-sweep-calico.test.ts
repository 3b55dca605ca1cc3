// The orphan sweep with the Calico provider on its own apiserver (the sweep looks at every pool of
// the cluster, so other files' pools must not be in it): a pool with the controller's mark that no
// ProjectNetwork refers to is removed after the grace period, with an Event and a metric; pools of
// live projects and pools the controller did not make are left alone.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { CALICO_IPPOOLS, PROJECT_NETWORKS } from '../../src/api/resources.js';
import { createApp, type App } from '../../src/controller/app.js';
import { isNotFound } from '../../src/kube/api-error.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { CalicoProvider } from '../../src/providers/calico/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import { createNamespace, createWorkspace, SYSTEM_NAMESPACES } from '../support/core-env.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { eventually } from '../support/eventually.js';
import { sweepEvents, waitUntilGone } from '../support/orphans.js';

const GRACE_MS = 2000;
const POD = 'orphan-sweep-controller';

describe('the orphan sweep with Calico', () => {
  let plane: LocalControlPlane;
  let admin: KubeClient;
  let client: KubeClient;
  let app: App;

  beforeAll(async () => {
    plane = await LocalControlPlane.start();
    await plane.access.installCrds(ALL_CRD_FILES);
    admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
    for (const ns of SYSTEM_NAMESPACES) await admin.create(CORE.namespaces, { metadata: { name: ns } }).catch(() => undefined);
    client = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
    app = createApp({
      client,
      provider: new CalicoProvider({ client }),
      network: { provider: 'calico', systemNamespaces: SYSTEM_NAMESPACES, allowedIngressCIDRs: [], allowedIngressNamespaces: [], egressIsolation: true, podSecurity: '', deniedEgressCIDRs: [], extraPodCidrs: [] },
      vpcPool: { ranges: ['10.128.0.0/10'], vpcPrefixLength: 16 },
      log: silentLogger(),
      instance: POD,
      probePort: 0,
      probeHost: '127.0.0.1',
      orphans: { mode: 'remove', periodMs: 300, graceMs: GRACE_MS, controllerNamespace: 'tenant-network-system' },
    });
    await app.manager.start();
  }, 120_000);

  afterAll(async () => {
    await app.stop();
    await Promise.all([client.close(), admin.close()]);
    await plane.stop();
  });

  const poolExists = (name: string): Promise<boolean> => admin.get(CALICO_IPPOOLS, name).then(() => true, (err: unknown) => {
    if (isNotFound(err)) return false;
    throw err;
  });

  it('removes a marked pool nothing refers to, after the grace period, and only that one', async () => {
    await createWorkspace(admin, 'shop');
    await createNamespace(admin, 'web', 'shop');
    const web = await eventually(async () => {
      const pjn = await admin.get<ProjectNetwork & KubeObject>(PROJECT_NETWORKS, 'web');
      expect(pjn.status?.phase).toBe('Ready');
      return pjn;
    }, 30_000);
    const webPool = web.status?.subnetId ?? '';
    await admin.create(CALICO_IPPOOLS, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'not-ours' }, spec: { cidr: '10.251.0.0/24' } });
    // What a project deleted with its finalizer forced off leaves behind: a pool with our mark.
    const made = performance.now();
    const ghost = await new CalicoProvider({ client: admin }).ensureSubnet(
      { workspace: 'shop', project: 'ghost', projectUid: randomUUID(), cidr: '10.250.1.0/24', gateway: '10.250.1.1', vpc: { workspace: 'shop', workspaceUid: 'u', id: 'calico-shop', cidr: '10.250.0.0/16' } },
      AbortSignal.timeout(10_000),
    );

    const tookMs = await waitUntilGone(async () => !(await poolExists(ghost.id)), made, 30_000);
    expect(tookMs).toBeGreaterThanOrEqual(GRACE_MS);
    expect(await poolExists(webPool)).toBe(true);
    expect(await poolExists('not-ours')).toBe(true);
    await eventually(async () => {
      expect(await sweepEvents(admin, 'tenant-network-system')).toContainEqual({ reason: 'OrphanRemoved', note: expect.stringContaining(`subnet ${ghost.id}`) as unknown as string });
    }, 10_000);
    expect(await app.registry.metrics()).toContain('tenant_network_orphaned_resources_removed_total{kind="subnet"} 1');
  }, 90_000);
});
