// The product's core on a real apiserver with the Calico provider: workspaces get VPC ranges,
// projects get subnets, IPPools, namespace marks and isolation policies; toggles and connections
// change reachability (checked with the NetworkPolicy evaluator on what the controller wrote);
// moves and deletions clean up; a restart on a converged cluster writes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { CALICO_IPPOOLS, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { WorkspaceNetwork } from '../../src/api/workspace-network.js';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from '../../src/ipam/index.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { createNamespace, createWorkspace, deleteNamespace, isWrite, reachability, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';

type Wsn = WorkspaceNetwork & KubeObject;
type Pjn = ProjectNetwork & KubeObject;

function cidr(text: string | undefined): Cidr {
  const parsed = parseCidr(text ?? '');
  if (!parsed.ok) throw new Error(`bad cidr ${String(text)}`);
  return parsed.cidr;
}

describe('core with the Calico provider', () => {
  let env: CoreEnv;

  beforeAll(async () => {
    env = await startCoreEnv();
  }, 60_000);

  afterAll(async () => {
    await env.stop();
  });

  const readyWsn = (name: string): Promise<Wsn> => eventually(async () => {
    const wsn = await env.admin.get<Wsn>(WORKSPACE_NETWORKS, name);
    expect(wsn.status?.phase).toBe('Ready');
    return wsn;
  }, 20_000);
  const readyPjn = (name: string): Promise<Pjn> => eventually(async () => {
    const pjn = await env.admin.get<Pjn>(PROJECT_NETWORKS, name);
    expect(pjn.status?.phase).toBe('Ready');
    return pjn;
  }, 20_000);

  it('gives a workspace a VPC range and its projects disjoint subnets, pools, marks and policies', async () => {
    await createWorkspace(env.admin, 'alpha');
    const wsn = await readyWsn('alpha');
    expect(cidrContains(cidr('10.128.0.0/10'), cidr(wsn.status?.cidr))).toBe(true);
    expect(wsn.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

    for (const p of ['alpha-a', 'alpha-b', 'alpha-c']) await createNamespace(env.admin, p, 'alpha');
    const pjns = await Promise.all(['alpha-a', 'alpha-b', 'alpha-c'].map(readyPjn));
    const subnets = pjns.map((p) => cidr(p.status?.cidr));
    for (const s of subnets) expect(cidrContains(cidr(wsn.status?.cidr), s)).toBe(true);
    for (let i = 0; i < subnets.length; i++) for (let j = i + 1; j < subnets.length; j++) expect(cidrsOverlap(subnets[i] as Cidr, subnets[j] as Cidr)).toBe(false);

    for (const p of pjns) {
      const name = p.metadata.name ?? '';
      const pool = await env.admin.get<KubeObject & { spec?: { cidr?: string } }>(CALICO_IPPOOLS, p.status?.subnetId ?? '');
      expect(pool.spec?.cidr).toBe(p.status?.cidr);
      const ns = await env.admin.get<KubeObject>(CORE.namespaces, name);
      expect(ns.metadata?.labels?.['sdn.kubesphere.io/workspace']).toBe('alpha');
      expect(ns.metadata?.annotations?.['cni.projectcalico.org/ipv4pools']).toBe(JSON.stringify([p.status?.subnetId]));
      const policies = await env.admin.list<KubeObject>(CORE.networkPolicies, { namespace: name });
      expect(policies.items.map((x) => x.metadata?.name)).toEqual(['tenant-network-isolation']);
    }
    await eventually(async () => { expect((await env.admin.get<Wsn>(WORKSPACE_NETWORKS, 'alpha')).status?.projects).toBe(3); });
  });

  it('isolates workspaces, toggles intraWorkspace, and honours connections', async () => {
    await createWorkspace(env.admin, 'beta');
    await readyWsn('beta');
    await createNamespace(env.admin, 'beta-a', 'beta');
    await readyPjn('beta-a');
    const ns = ['alpha-a', 'alpha-b', 'beta-a'];
    await eventually(async () => {
      const m = await reachability(env.admin, ns);
      expect(m.get('alpha-a->alpha-b')).toBe(true);
      expect(m.get('alpha-a->beta-a')).toBe(false);
      expect(m.get('beta-a->alpha-a')).toBe(false);
    });

    await env.admin.mergePatch(WORKSPACE_NETWORKS, 'alpha', { spec: { intraWorkspace: 'Deny' } });
    await eventually(async () => {
      const m = await reachability(env.admin, ns);
      expect(m.get('alpha-a->alpha-b')).toBe(false);
      expect(m.get('alpha-a->alpha-a')).toBe(true);
    });
    await env.admin.mergePatch(WORKSPACE_NETWORKS, 'alpha', { spec: { intraWorkspace: 'Allow' } });

    await env.admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: 'a-to-beta' }, spec: { from: { project: 'alpha-a' }, to: { project: 'beta-a' }, bidirectional: false } } as KubeObject);
    await eventually(async () => {
      const m = await reachability(env.admin, ns);
      expect(m.get('alpha-a->beta-a')).toBe(true);
      expect(m.get('beta-a->alpha-a')).toBe(false);
      expect(m.get('alpha-b->beta-a')).toBe(false);
    });
    await env.admin.delete(PROJECT_CONNECTIONS, 'a-to-beta');
    await eventually(async () => { expect((await reachability(env.admin, ns)).get('alpha-a->beta-a')).toBe(false); });
  });

  it('isolates a project by spec and by the KubeSphere annotation', async () => {
    await env.admin.mergePatch(PROJECT_NETWORKS, 'alpha-b', { spec: { isolation: 'Isolated' } });
    await eventually(async () => {
      const m = await reachability(env.admin, ['alpha-a', 'alpha-b', 'alpha-c']);
      expect(m.get('alpha-a->alpha-b')).toBe(false);
      expect(m.get('alpha-b->alpha-a')).toBe(false);
      expect(m.get('alpha-a->alpha-c')).toBe(true);
    });
    await env.admin.mergePatch(CORE.namespaces, 'alpha-c', { metadata: { annotations: { 'kubesphere.io/network-isolate': 'enabled' } } });
    await eventually(async () => { expect((await reachability(env.admin, ['alpha-a', 'alpha-c'])).get('alpha-a->alpha-c')).toBe(false); });
  });

  it('reports a connection to a missing project', async () => {
    await env.admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: 'to-nowhere' }, spec: { from: { project: 'alpha-a' }, to: { project: 'does-not-exist' } } } as KubeObject);
    await eventually(async () => {
      const c = await env.admin.get<KubeObject & { status?: { conditions?: { type: string; status: string; reason: string }[] } }>(PROJECT_CONNECTIONS, 'to-nowhere');
      expect(c.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ProjectNotFound' });
    });
  });

  it('moves a project to another workspace with a new subnet and policies that follow', async () => {
    const before = await readyPjn('alpha-a');
    await env.admin.mergePatch(CORE.namespaces, 'alpha-a', { metadata: { labels: { 'kubesphere.io/workspace': 'beta' } } });
    const after = await eventually(async () => {
      const pjn = await env.admin.get<Pjn>(PROJECT_NETWORKS, 'alpha-a');
      expect(pjn.spec.workspace).toBe('beta');
      expect(pjn.status?.phase).toBe('Ready');
      return pjn;
    }, 20_000);
    const beta = await readyWsn('beta');
    expect(cidrContains(cidr(beta.status?.cidr), cidr(after.status?.cidr))).toBe(true);
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    await eventually(async () => {
      const m = await reachability(env.admin, ['alpha-a', 'beta-a', 'alpha-b']);
      expect(m.get('alpha-a->beta-a')).toBe(true);
      expect(m.get('beta-a->alpha-a')).toBe(true);
    });
  });

  it('restarting the controller on a converged cluster writes nothing', async () => {
    // Let the previous changes settle, including batched project counts (written within 2 s).
    await new Promise((r) => setTimeout(r, 3500));
    await env.stop();
    env = await startCoreEnv();
    await eventually(() => { expect(env.app.manager.isLeader).toBe(true); });
    await new Promise((r) => setTimeout(r, 3000));
    const writes = env.requests.filter(isWrite).filter((r) => !r.path.includes('/events'));
    expect(writes).toEqual([]);
  });

  it('deleting projects and a workspace removes everything owned and frees the ranges', async () => {
    for (const p of ['alpha-b', 'alpha-c']) await deleteNamespace(env.admin, p);
    await env.admin.delete(CORE.namespaces, 'alpha-a').catch(() => undefined);
    await deleteNamespace(env.admin, 'alpha-a');
    await env.admin.request('DELETE', '/apis/tenant.kubesphere.io/v1beta1/workspaces/alpha');
    await eventually(async () => {
      await expect(env.admin.get(WORKSPACE_NETWORKS, 'alpha')).rejects.toThrow();
      for (const p of ['alpha-b', 'alpha-c']) await expect(env.admin.get(PROJECT_NETWORKS, p)).rejects.toThrow();
      const pools = await env.admin.list<KubeObject & { metadata: { labels?: Record<string, string> } }>(CALICO_IPPOOLS);
      expect(pools.items.filter((p) => ['alpha-b', 'alpha-c'].includes(p.metadata.labels?.['sdn.kubesphere.io/project'] ?? ''))).toEqual([]);
    }, 20_000);
    expect(env.app.ipam.pool.cidrOf('alpha')).toBeUndefined();
  });
});
