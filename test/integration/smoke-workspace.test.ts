// Smoke test of the foundation: our KubeSphere Workspace CRD in a real apiserver, seen through a
// plain client-node informer (create, then delete).
import { describe, expect, it } from '@jest/globals';
import { CustomObjectsApi, makeInformer, type KubernetesObject } from '@kubernetes/client-node';
import { sharedCluster } from '../harness/shared.js';
import { CRD_FILES } from '../support/crd-paths.js';
import { eventually } from '../support/eventually.js';

describe('smoke: KubeSphere Workspace through a client-node informer', () => {
  it('sees a workspace appear and disappear', async () => {
    const cluster = sharedCluster();
    expect(await cluster.installCrds([CRD_FILES.kubesphereWorkspaces])).toEqual(['workspaces.tenant.kubesphere.io']);
    const kc = cluster.adminKubeConfig();
    const api = kc.makeApiClient(CustomObjectsApi);
    const list = () => api.listClusterCustomObject({ group: 'tenant.kubesphere.io', version: 'v1beta1', plural: 'workspaces' }) as Promise<{ items: KubernetesObject[]; metadata: { resourceVersion: string } }>;
    const informer = makeInformer<KubernetesObject>(kc, '/apis/tenant.kubesphere.io/v1beta1/workspaces', list);
    const events: string[] = [];
    // Other test files share the cluster: only this workspace's events count.
    informer.on('add', (o) => { if (o.metadata?.name === 'smoke-ws') events.push('add:smoke-ws'); });
    informer.on('delete', (o) => { if (o.metadata?.name === 'smoke-ws') events.push('delete:smoke-ws'); });
    await informer.start();
    try {
      await api.createClusterCustomObject({ group: 'tenant.kubesphere.io', version: 'v1beta1', plural: 'workspaces', body: { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', metadata: { name: 'smoke-ws' }, spec: { manager: 'admin' } } });
      await eventually(() => { expect(informer.get('smoke-ws')).toBeDefined(); });
      // The v1alpha1 view of the same object is served too.
      const alpha = await api.getClusterCustomObject({ group: 'tenant.kubesphere.io', version: 'v1alpha1', plural: 'workspaces', name: 'smoke-ws' }) as KubernetesObject;
      expect(alpha.apiVersion).toBe('tenant.kubesphere.io/v1alpha1');
      await api.deleteClusterCustomObject({ group: 'tenant.kubesphere.io', version: 'v1beta1', plural: 'workspaces', name: 'smoke-ws' });
      await eventually(() => { expect(informer.get('smoke-ws')).toBeUndefined(); });
      expect(events).toEqual(['add:smoke-ws', 'delete:smoke-ws']);
    } finally {
      await informer.stop();
    }
  }, 60_000);
});
