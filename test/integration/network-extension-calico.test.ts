// Side by side with KubeSphere 4's network extension (or anything else that binds Calico pools to
// namespaces) on a real apiserver: a foreign value on a project namespace's
// cni.projectcalico.org/ipv4pools is left alone and reported as Degraded, and handed back when it
// is removed; a pool of someone else's that overlaps a workspace's range makes that workspace
// Degraded. Neither stops the controller from isolating the project.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Condition } from '../../src/api/conditions.js';
import { CALICO_IPPOOLS, KUBESPHERE_WORKSPACES, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { createNamespace, createWorkspace, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';

type WithStatus = KubeObject & { status?: { phase?: string; cidr?: string; conditions?: Condition[] } };
const POOLS = 'cni.projectcalico.org/ipv4pools';
const degraded = (o: WithStatus): Condition | undefined => o.status?.conditions?.find((c) => c.type === 'Degraded');

describe('side by side with another writer of Calico pools', () => {
  const run = randomBytes(3).toString('hex');
  const workspace = `ksx${run}`;
  let env: CoreEnv;

  beforeAll(async () => {
    env = await startCoreEnv({}, { calico: { foreignPoolRecheckMs: 0 } });
    await createWorkspace(env.admin, workspace);
  }, 60_000);

  afterAll(async () => {
    await env.admin.delete(CALICO_IPPOOLS, `ksx-${run}`).catch(() => undefined);
    await env.stop();
  });

  it('leaves a foreign pool annotation alone, reports Degraded, and takes the namespace back once it is removed', async () => {
    const project = `${workspace}-a`;
    await createNamespace(env.admin, project, workspace, { [POOLS]: '["ks-extension-pool"]' });
    const pjn = await eventually(async () => {
      const p = await env.admin.get<WithStatus>(PROJECT_NETWORKS, project);
      expect(p.status?.phase).toBe('Ready');
      expect(degraded(p)).toMatchObject({ status: 'True', reason: 'ForeignPoolAnnotation' });
      return p;
    }, 20_000);
    const ns = await env.admin.get<KubeObject>(CORE.namespaces, project);
    expect(ns.metadata?.annotations?.[POOLS]).toBe('["ks-extension-pool"]');
    // Isolation and the tenant view are in place all the same.
    expect(ns.metadata?.labels?.['sdn.kubesphere.io/workspace']).toBe(workspace);
    expect(ns.metadata?.annotations).toMatchObject({ 'sdn.kubesphere.io/subnet': pjn.status?.cidr, 'sdn.kubesphere.io/phase': 'Ready' });

    await env.admin.mergePatch(CORE.namespaces, project, { metadata: { annotations: { [POOLS]: null } } });
    await eventually(async () => {
      const p = await env.admin.get<WithStatus>(PROJECT_NETWORKS, project);
      expect(degraded(p)).toMatchObject({ status: 'False', reason: 'AsExpected' });
      const back = await env.admin.get<KubeObject>(CORE.namespaces, project);
      expect(back.metadata?.annotations?.[POOLS]).toBe(`["tnc-${project}"]`);
    }, 20_000);
  });

  it('reports a foreign pool overlapping the workspace range on the WorkspaceNetwork', async () => {
    const wsn = await eventually(async () => {
      const w = await env.admin.get<WithStatus>(WORKSPACE_NETWORKS, workspace);
      expect(w.status?.phase).toBe('Ready');
      return w;
    }, 20_000);
    expect(degraded(wsn)).toBeUndefined();
    const inside = (wsn.status?.cidr ?? '').replace(/\.0\.0\/16$/, '.250.0/24');
    await env.admin.create(CALICO_IPPOOLS, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: `ksx-${run}` }, spec: { cidr: inside } } as KubeObject);
    // Looked at whenever the workspace is reconciled: touch it.
    await env.admin.mergePatch(KUBESPHERE_WORKSPACES, workspace, { metadata: { labels: { touched: '1' } } });
    await eventually(async () => {
      const w = await env.admin.get<WithStatus>(WORKSPACE_NETWORKS, workspace);
      expect(degraded(w)).toMatchObject({ status: 'True', reason: 'ForeignPoolOverlap', message: expect.stringContaining(`ksx-${run} (${inside})`) });
      expect(w.status?.phase).toBe('Ready');
    }, 20_000);
  });
});
