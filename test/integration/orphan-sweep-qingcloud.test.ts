// The orphan sweep with the QingCloud provider against the API simulator: a router and a vxnet
// with the controller's tag and names that no object refers to are removed after the grace period
// (the vxnet first: a router with subnets cannot go), with Events and metrics; the routers and
// vxnets of live tenants stay.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import type { OwnedResource } from '../../src/providers/contract.js';
import { createNamespace, createWorkspace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { sweepEvents, waitUntilGone } from '../support/orphans.js';
import { startQingCloudEnv, type QingCloudController, type QingCloudEnv } from '../support/qingcloud-env.js';

// Longer than provisioning the ghost takes (join, hostnic's blocks, its 2 s batch window): the sweep
// sees the ghost's vxnet from its creation and must not remove it while the test still builds it.
const GRACE_MS = 8000;

describe('the orphan sweep with QingCloud', () => {
  let env: QingCloudEnv;
  let controller: QingCloudController;

  beforeAll(async () => {
    env = await startQingCloudEnv('orphans');
    controller = await env.startController({ orphans: { mode: 'remove', periodMs: 300, graceMs: GRACE_MS, controllerNamespace: env.secretNamespace } });
  }, 120_000);

  afterAll(async () => {
    await env.stop();
  });

  const owned = (): Promise<OwnedResource[]> => controller.provider.listOwned(AbortSignal.timeout(10_000));

  it('removes a tagged router and vxnet nothing refers to, after the grace period, and leaves live tenants alone', async () => {
    await createWorkspace(env.admin, 'qshop');
    await createNamespace(env.admin, 'qweb', 'qshop');
    const web = await eventually(async () => {
      const pjn = await env.admin.get<ProjectNetwork & KubeObject>(PROJECT_NETWORKS, 'qweb');
      expect(pjn.status?.phase).toBe('Ready');
      return pjn;
    }, 60_000);
    // What a workspace deleted with its finalizers forced off leaves behind.
    const made = performance.now();
    const signal = AbortSignal.timeout(30_000);
    const vpc = await controller.provider.ensureVpc({ workspace: 'qghost', workspaceUid: randomUUID(), cidr: '172.30.0.0/16' }, signal);
    // One project incarnation for every try (a new UID would be a new vxnet each time).
    const ghostUid = randomUUID();
    const subnet = await eventually(async () => {
      const state = await controller.provider.ensureSubnet({ workspace: 'qghost', project: 'qghost-p', projectUid: ghostUid, cidr: '172.30.1.0/24', gateway: '172.30.1.1', vpc: { workspace: 'qghost', workspaceUid: 'u', id: vpc.id, cidr: vpc.cidr } }, signal);
      expect(state.ready).toBe(true);
      return state;
    }, 30_000);

    const ghostIds = new Set([vpc.id, subnet.id]);
    const tookMs = await waitUntilGone(async () => !(await owned()).some((o) => ghostIds.has(o.id)), made, 60_000);
    expect(tookMs).toBeGreaterThanOrEqual(GRACE_MS);
    const left = new Set((await owned()).map((o) => o.id));
    expect(left.has(web.status?.subnetId ?? '')).toBe(true);
    expect(left.has(web.status?.vpcId ?? '')).toBe(true);
    await eventually(async () => {
      const reasons = (await sweepEvents(env.admin, env.secretNamespace)).map((e) => e.reason);
      expect(reasons.filter((r) => r === 'OrphanRemoved')).toHaveLength(2);
    }, 10_000);
    const metrics = await controller.registry.metrics();
    expect(metrics).toContain('tenant_network_orphaned_resources_removed_total{kind="subnet"} 1');
    expect(metrics).toContain('tenant_network_orphaned_resources_removed_total{kind="vpc"} 1');
  }, 150_000);
});
