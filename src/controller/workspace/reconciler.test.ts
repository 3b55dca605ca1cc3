// The workspace reconciler against an in-memory cluster: what it writes, in which order, and how
// often — the part the pure plan (plan.test.ts) cannot show.
import { describe, expect, it } from '@jest/globals';
import { ControllerError } from '../../util/errors.js';
import { reconcileContext, testContext, type TestContext } from '../reconciler.test-support.js';
import { createWorkspaceReconciler } from './reconciler.js';

const workspace = (name: string, uid = `ws-uid-${name}`) => ({ metadata: { name, uid } });
const workspaceNetwork = (name: string, extra: { uid?: string; owner?: string; status?: Record<string, unknown> } = {}) => ({
  apiVersion: 'sdn.kubesphere.io/v1alpha1' as const,
  kind: 'WorkspaceNetwork' as const,
  metadata: {
    name,
    uid: extra.uid ?? `wsn-uid-${name}`,
    generation: 1,
    finalizers: ['sdn.kubesphere.io/cleanup'],
    ...(extra.owner === undefined ? {} : { ownerReferences: [{ apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', name, uid: extra.owner }] }),
  },
  spec: { workspace: name },
  ...(extra.status === undefined ? {} : { status: extra.status }),
});

async function reconcile(t: TestContext, name: string): Promise<unknown> {
  const result = await createWorkspaceReconciler(t.ctx)(name, reconcileContext());
  await t.flush();
  return result;
}

const statusPatches = (t: TestContext) => t.writes().filter((w) => w.subresource === 'status');

describe('the workspace reconciler', () => {
  it('creates the WorkspaceNetwork of a new workspace and provisions it in the same pass', async () => {
    const t = testContext();
    t.caches.workspaces.put(workspace('w'));
    expect(await reconcile(t, 'w')).toBeUndefined();
    expect(t.writes().map((w) => `${w.verb} ${w.resource}${w.subresource === undefined ? '' : `/${w.subresource}`}`)).toEqual(['create workspacenetworks', 'mergePatch workspacenetworks/status']);
    expect(statusPatches(t)[0]?.body).toMatchObject({ status: { phase: 'Ready', cidr: '10.128.0.0/16', vpcId: 'vpc-w', provider: 'calico' } });
  });

  it('writes status once on a terminal provider failure, with the range, both conditions and one Event', async () => {
    const t = testContext({ provider: { ensureVpc: () => Promise.reject(new ControllerError('QuotaExceeded', 'no routers left', { retryable: false })) } });
    t.caches.workspaces.put(workspace('w'));
    t.caches.workspaceNetworks.put(workspaceNetwork('w', { owner: 'ws-uid-w' }));
    expect(await reconcile(t, 'w')).toBeUndefined();
    expect(statusPatches(t)).toHaveLength(1);
    const status = (statusPatches(t)[0]?.body as { status: { phase: string; cidr: string; provider: string; conditions: { type: string; status: string; reason: string }[] } }).status;
    expect({ phase: status.phase, cidr: status.cidr, provider: status.provider }).toEqual({ phase: 'Failed', cidr: '10.128.0.0/16', provider: 'calico' });
    expect(status.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`)).toEqual(['Ready=False:QuotaExceeded', 'VPCProvisioned=False:QuotaExceeded']);
    expect(t.events).toEqual([{ type: 'Warning', reason: 'QuotaExceeded', note: 'no routers left', regarding: 'WorkspaceNetwork/w' }]);
  });

  it('writes status once on a retryable provider failure, then throws for the backoff', async () => {
    const t = testContext({ provider: { ensureVpc: () => Promise.reject(new ControllerError('ServerBusy', 'try later', { retryable: true })) } });
    t.caches.workspaces.put(workspace('w'));
    t.caches.workspaceNetworks.put(workspaceNetwork('w', { owner: 'ws-uid-w' }));
    await expect(reconcile(t, 'w')).rejects.toThrow('try later');
    expect(statusPatches(t).map((p) => (p.body as { status: { phase: string } }).status.phase)).toEqual(['Provisioning']);
    expect(t.events).toEqual([]);
  });

  it('deletes the network of a workspace that is gone, preconditioned on its UID', async () => {
    const t = testContext();
    t.caches.workspaceNetworks.put(workspaceNetwork('w', { owner: 'ws-uid-w' }));
    await reconcile(t, 'w');
    expect(t.writes()).toEqual([{ verb: 'delete', resource: 'workspacenetworks', name: 'w', uid: 'wsn-uid-w' }]);
  });

  it('leaves a network made ahead of its workspace alone, reporting that it waits', async () => {
    const t = testContext();
    t.caches.workspaceNetworks.put(workspaceNetwork('w'));
    await reconcile(t, 'w');
    expect(t.writes().map((w) => w.verb)).toEqual(['mergePatch']);
    expect(statusPatches(t)[0]?.body).toMatchObject({ status: { phase: 'Pending', conditions: [{ type: 'Ready', reason: 'WaitingForWorkspace' }] } });
  });

  it('writes nothing when everything is already as planned', async () => {
    const t = testContext();
    t.caches.workspaces.put(workspace('w'));
    t.caches.workspaceNetworks.put(workspaceNetwork('w', { owner: 'ws-uid-w' }));
    await reconcile(t, 'w');
    const written = statusPatches(t)[0]?.body as { status: Record<string, unknown> };
    const again = testContext();
    again.caches.workspaces.put(workspace('w'));
    again.caches.workspaceNetworks.put({ ...workspaceNetwork('w', { owner: 'ws-uid-w' }), status: written.status });
    again.ctx.ipam.pool.restore('w', '10.128.0.0/16');
    await reconcile(again, 'w');
    expect(again.writes()).toEqual([]);
  });
});
