// The project reconciler against an in-memory cluster: what it writes, in which order, and how
// often — the part the pure plan (plan.test.ts) cannot show.
import { describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../api/project-network.js';
import type { KubeObject } from '../../kube/kube-client.js';
import { ControllerError } from '../../util/errors.js';
import { reconcileContext, testContext, type TestContext } from '../reconciler.test-support.js';
import { createProjectReconciler } from './reconciler.js';

const POOLS = 'cni.projectcalico.org/ipv4pools';
const namespace = (name: string, workspace?: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}): KubeObject => ({
  metadata: { name, uid: `ns-uid-${name}`, labels: { ...(workspace === undefined ? {} : { 'kubesphere.io/workspace': workspace }), ...extra.labels }, annotations: { ...extra.annotations } },
});
const readyWorkspace = (t: TestContext, name: string): void => {
  t.caches.workspaces.put({ metadata: { name, uid: `ws-uid-${name}` } });
  t.caches.workspaceNetworks.put({
    apiVersion: 'sdn.kubesphere.io/v1alpha1',
    kind: 'WorkspaceNetwork',
    metadata: { name, uid: `wsn-uid-${name}`, ownerReferences: [{ apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', name, uid: `ws-uid-${name}` }] },
    spec: { workspace: name },
    status: { phase: 'Ready', cidr: '10.128.0.0/16', vpcId: `vpc-${name}` },
  });
  t.ctx.ipam.pool.restore(name, '10.128.0.0/16');
};
const projectNetwork = (name: string, workspace: string, extra: { owner?: string; deleting?: boolean } = {}): ProjectNetwork & KubeObject => ({
  apiVersion: 'sdn.kubesphere.io/v1alpha1',
  kind: 'ProjectNetwork',
  metadata: {
    name,
    uid: `pjn-uid-${name}`,
    generation: 1,
    creationTimestamp: new Date('2029-12-31T00:00:00Z'),
    finalizers: ['sdn.kubesphere.io/cleanup'],
    ...(extra.owner === undefined ? {} : { ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name, uid: extra.owner }] }),
    ...(extra.deleting === true ? { deletionTimestamp: new Date('2030-01-01T00:00:00Z') } : {}),
  },
  spec: { workspace },
});

async function reconcile(t: TestContext, name: string): Promise<unknown> {
  const result = await createProjectReconciler(t.ctx)(name, reconcileContext());
  await t.flush();
  return result;
}

const summary = (t: TestContext) => t.writes().map((w) => `${w.verb} ${w.resource}${w.subresource === undefined ? '' : `/${w.subresource}`} ${w.name}`);

describe('the project reconciler', () => {
  it('makes a new project whole in one pass: network, namespace marks, policy, one status patch', async () => {
    const t = testContext({ provider: { ensureSubnet: (s) => Promise.resolve({ id: 'tnc-a', cidr: s.cidr, gateway: s.gateway, ready: true, namespaceAnnotations: { [POOLS]: '["tnc-a"]' } }) } });
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', 'w'));
    expect(await reconcile(t, 'a')).toBeUndefined();
    expect(summary(t)).toEqual(['create projectnetworks a', 'mergePatch namespaces a', 'apply networkpolicies tenant-network-isolation', 'mergePatch projectnetworks/status a']);
    expect(t.writes()[1]?.body).toEqual({
      metadata: {
        labels: { 'sdn.kubesphere.io/workspace': 'w' },
        annotations: { [POOLS]: '["tnc-a"]', 'sdn.kubesphere.io/subnet': '10.128.0.0/24', 'sdn.kubesphere.io/gateway': '10.128.0.1', 'sdn.kubesphere.io/vpc': 'vpc-w', 'sdn.kubesphere.io/phase': 'Ready' },
      },
    });
    expect(t.writes()[3]?.body).toMatchObject({ status: { phase: 'Ready', cidr: '10.128.0.0/24', gateway: '10.128.0.1', subnetId: 'tnc-a', vpcId: 'vpc-w' } });
  });

  it('writes nothing on the pass its own writes trigger', async () => {
    const t = testContext();
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', 'w'));
    await reconcile(t, 'a');
    const [created, marks, policy, status] = t.writes();
    const again = testContext();
    readyWorkspace(again, 'w');
    const written = (marks?.body as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    again.caches.namespaces.put(namespace('a', 'w', { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: written }));
    const pjn = created?.body as ReturnType<typeof projectNetwork>;
    again.caches.projectNetworks.put({ ...pjn, metadata: { ...pjn.metadata, uid: 'uid-a', generation: 1 }, status: (status?.body as { status: Record<string, unknown> }).status });
    again.caches.policies.put(policy?.body as KubeObject);
    again.ctx.ipam.subnetAllocator('w', '10.128.0.0/16', 24);
    await reconcile(again, 'a');
    expect(summary(again)).toEqual([]);
  });

  it('keeps its own marks when the namespace event of its patch arrives before its status write is cached', async () => {
    const annotationsFor = () => ({ [POOLS]: '["tnc-a"]' });
    const t = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] }, provider: { namespaceAnnotationsFor: annotationsFor, ensureSubnet: (s) => Promise.resolve({ id: 'tnc-a', cidr: s.cidr, gateway: s.gateway, ready: true, namespaceAnnotations: annotationsFor() }) } });
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', 'w'));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await reconcile(t, 'a');
    const marks = t.writes().find((w) => w.resource === 'namespaces')?.body as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    const policy = t.writes().find((w) => w.resource === 'networkpolicies')?.body as KubeObject;
    // The same process, the namespace and policy caches up to date, the ProjectNetwork's not yet.
    t.caches.namespaces.put(namespace('a', 'w', marks.metadata));
    t.caches.policies.put(policy);
    const before = t.writes().length;
    await reconcile(t, 'a');
    expect(summary(t).slice(before).filter((w) => w.includes('namespaces'))).toEqual([]);
  });

  it('after a crash between marking the namespace and the status write, removes the pool annotation before the provider may replace the pool', async () => {
    const t = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] }, provider: { namespaceAnnotationsFor: () => ({ [POOLS]: '["tnc-a"]' }), ensureSubnet: (s) => Promise.resolve({ id: 'tnc-a', cidr: s.cidr, gateway: s.gateway, ready: true, namespaceAnnotations: { [POOLS]: '["tnc-a"]' } }) } });
    readyWorkspace(t, 'w');
    const shown = { 'sdn.kubesphere.io/subnet': '10.128.0.0/24', 'sdn.kubesphere.io/gateway': '10.128.0.1', 'sdn.kubesphere.io/vpc': 'vpc-w', 'sdn.kubesphere.io/phase': 'Ready' };
    t.caches.namespaces.put(namespace('a', 'w', { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { [POOLS]: '["tnc-a"]', ...shown } }));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await reconcile(t, 'a');
    expect(summary(t)).toEqual(['mergePatch namespaces a', 'mergePatch namespaces a', 'apply networkpolicies tenant-network-isolation', 'mergePatch projectnetworks/status a']);
    expect(t.writes()[0]?.body).toEqual({ metadata: { annotations: { [POOLS]: null, ...Object.fromEntries(Object.keys(shown).map((k) => [k, null])) } } });
    // Marked again once the pool is there, although the cached namespace still shows the old marks.
    expect(t.writes()[1]?.body).toEqual({ metadata: { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { [POOLS]: '["tnc-a"]', ...shown } } });
  });

  it('leaves a foreign value on the pool annotation alone, marks the rest, and reports Degraded', async () => {
    const namespaceAnnotationsFor = () => ({ [POOLS]: '["tnc-a"]' });
    const t = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] }, provider: { namespaceAnnotationsFor, ensureSubnet: (s) => Promise.resolve({ id: 'tnc-a', cidr: s.cidr, gateway: s.gateway, ready: true, namespaceAnnotations: { [POOLS]: '["tnc-a"]' } }) } });
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', 'w', { annotations: { [POOLS]: '["ks-pool"]' } }));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await reconcile(t, 'a');
    const marks = t.writes().find((w) => w.resource === 'namespaces')?.body as { metadata: { annotations: Record<string, string> } };
    expect(marks.metadata.annotations).not.toHaveProperty(POOLS);
    const status = t.writes().find((w) => w.subresource === 'status')?.body as { status: { conditions: { type: string; status: string; reason: string }[] } };
    expect(status.status.conditions.find((c) => c.type === 'Degraded')).toMatchObject({ status: 'True', reason: 'ForeignPoolAnnotation' });
    expect(t.events.map((e) => `${e.type} ${e.reason}`)).toEqual(['Warning ForeignPoolAnnotation']);
    // When the project goes, the foreign value stays.
    const gone = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] }, provider: { namespaceAnnotationsFor } });
    gone.caches.namespaces.put(namespace('a', undefined, { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { [POOLS]: '["ks-pool"]' } }));
    gone.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a', deleting: true }));
    await reconcile(gone, 'a');
    expect(gone.writes().filter((w) => w.resource === 'namespaces').map((w) => w.body)).toEqual([{ metadata: { labels: { 'sdn.kubesphere.io/workspace': null }, annotations: {} } }]);
  });

  it('shows a phase change on the namespace only once it carries a phase, in one patch', async () => {
    const shown = { 'sdn.kubesphere.io/subnet': '10.128.0.0/24', 'sdn.kubesphere.io/gateway': '10.128.0.1', 'sdn.kubesphere.io/vpc': 'vpc-w', 'sdn.kubesphere.io/phase': 'Ready' };
    const failing = () => testContext({ provider: { ensureSubnet: () => Promise.reject(new ControllerError('QuotaExceeded', 'no more vxnets', { retryable: false })) } });
    const t = failing();
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', 'w', { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: shown }));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await reconcile(t, 'a');
    expect(summary(t)).toEqual(['mergePatch namespaces a', 'mergePatch projectnetworks/status a']);
    expect(t.writes()[0]?.body).toEqual({ metadata: { annotations: { 'sdn.kubesphere.io/phase': 'Failed' } } });
    // Never marked: the failure is not announced on the namespace.
    const fresh = failing();
    readyWorkspace(fresh, 'w');
    fresh.caches.namespaces.put(namespace('a', 'w'));
    fresh.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await reconcile(fresh, 'a');
    expect(summary(fresh)).toEqual(['mergePatch projectnetworks/status a']);
  });

  it('reports a retryable provider failure once, with the subnet recorded, then throws', async () => {
    const t = testContext({ provider: { ensureSubnet: () => Promise.reject(new ControllerError('ServerBusy', 'try later', { retryable: true })) } });
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', 'w'));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await expect(reconcile(t, 'a')).rejects.toThrow('try later');
    expect(summary(t)).toEqual(['mergePatch projectnetworks/status a']);
    expect(t.writes()[0]?.body).toMatchObject({ status: { phase: 'Provisioning', cidr: '10.128.0.0/24' } });
  });

  it('deletes the network of a namespace that left its workspace, and tidies the namespace once it is gone', async () => {
    const t = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] } });
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', undefined, { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { [POOLS]: 'x' } }));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await reconcile(t, 'a');
    expect(t.writes()).toEqual([{ verb: 'delete', resource: 'projectnetworks', name: 'a', uid: 'pjn-uid-a' }]);
    t.caches.projectNetworks.remove('a');
    await reconcile(t, 'a');
    expect(t.writes()[1]).toEqual({ verb: 'mergePatch', resource: 'namespaces', name: 'a', body: { metadata: { labels: { 'sdn.kubesphere.io/workspace': null }, annotations: { [POOLS]: null } } } });
    // The tenant-visible annotations go with them.
    const shown = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] } });
    shown.caches.namespaces.put(namespace('a', undefined, { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { 'sdn.kubesphere.io/subnet': '10.128.0.0/24', 'sdn.kubesphere.io/phase': 'Ready' } }));
    await reconcile(shown, 'a');
    expect(shown.writes()[0]?.body).toEqual({ metadata: { labels: { 'sdn.kubesphere.io/workspace': null }, annotations: { 'sdn.kubesphere.io/subnet': null, 'sdn.kubesphere.io/phase': null } } });
  });

  it('finalizes a network being deleted: managed policies removed, then the finalizer', async () => {
    const t = testContext();
    readyWorkspace(t, 'w');
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a', deleting: true }));
    t.caches.policies.put({ metadata: { name: 'tenant-network-isolation', namespace: 'a' } });
    await reconcile(t, 'a');
    expect(summary(t)).toEqual(['delete provider-subnets a', 'delete networkpolicies tenant-network-isolation', 'mergePatch projectnetworks a']);
  });

  it('removes the pool annotation from the namespace before the subnet goes, and the label after the policy', async () => {
    const t = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] } });
    readyWorkspace(t, 'w');
    t.caches.namespaces.put(namespace('a', undefined, { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { [POOLS]: '["tnc-a"]' } }));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a', deleting: true }));
    t.caches.policies.put({ metadata: { name: 'tenant-network-isolation', namespace: 'a' } });
    await reconcile(t, 'a');
    expect(summary(t)).toEqual(['mergePatch namespaces a', 'delete provider-subnets a', 'delete networkpolicies tenant-network-isolation', 'mergePatch namespaces a', 'mergePatch projectnetworks a']);
    expect(t.writes()[0]?.body).toEqual({ metadata: { annotations: { [POOLS]: null } } });
  });

  it('a project moving to another workspace loses the old pool annotation before the old pool goes, and keeps its label', async () => {
    const t = testContext({ capabilities: { namespaceAnnotationKeys: [POOLS] } });
    readyWorkspace(t, 'w');
    readyWorkspace(t, 'v');
    t.caches.namespaces.put(namespace('a', 'v', { labels: { 'sdn.kubesphere.io/workspace': 'w' }, annotations: { [POOLS]: '["tnc-a"]' } }));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a', deleting: true }));
    await reconcile(t, 'a');
    expect(summary(t)).toEqual(['mergePatch namespaces a', 'delete provider-subnets a', 'mergePatch projectnetworks a']);
  });

  it('announces a move to another workspace on the namespace and deletes the old network', async () => {
    const t = testContext();
    readyWorkspace(t, 'w');
    readyWorkspace(t, 'v');
    t.caches.namespaces.put(namespace('a', 'v'));
    t.caches.projectNetworks.put(projectNetwork('a', 'w', { owner: 'ns-uid-a' }));
    await reconcile(t, 'a');
    expect(summary(t)).toEqual(['delete projectnetworks a']);
    expect(t.events.map((e) => `${e.type} ${e.reason} ${e.regarding}`)).toEqual(['Normal ProjectMoved Namespace/a']);
  });
});
