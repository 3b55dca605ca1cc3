// The controller with the QingCloud provider on a real apiserver, against the QingCloud API
// simulator and a stand-in for hostnic's controller: 3 workspaces × 4 projects become 3 routers and
// 12 joined vxnets with the recorded ids and ranges, each registered in hostnic's VxNetPool with
// its namespace mapped to exactly its vxnet's blocks (a project is Ready only then); the API-call
// cost per project stays within budget, and hostnic's two shared objects are written in batches; a
// restart adopts everything and creates nothing; deleting the tenants removes everything from the
// simulated account and from hostnic's objects, the admin's entries kept.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROVIDER_API_CALLS_METRIC } from '../../src/metrics/provider-metrics.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { QINGCLOUD_VPC_RANGES } from '../../src/providers/qingcloud/provider.js';
import type { CallRecord } from '../qingcloud-sim/server.js';
import {
  createTenants,
  deleteTenants,
  expectNothingLeft,
  expectHostnicMatches,
  expectSimulatorMatches,
  forceRemoveTenants,
  HOSTNIC_DEFAULT_VXNET,
  hostnicView,
  startQingCloudEnv,
  tenants,
  waitAllReady,
  type QingCloudEnv,
} from '../support/qingcloud-env.js';
import { eventually } from '../support/eventually.js';

const MUTATIONS = new Set(['CreateRouters', 'CreateVxnets', 'JoinRouter', 'LeaveRouter', 'DeleteVxnets', 'DeleteRouters', 'CreateTag']);

/**
 * The calls made for the projects' subnets: vxnet lookups, creates and joins, tag attaches that
 * include a vxnet, and job polls that include a join. What is left (the ownership tag, router
 * lookups, creates and their jobs) is the workspaces' share.
 */
function projectCalls(calls: readonly CallRecord[], jobs: readonly { id: string; action: string }[]): CallRecord[] {
  const joinJobs = new Set(jobs.filter((j) => j.action === 'JoinRouter').map((j) => j.id));
  const values = (c: CallRecord, prefix: string, suffix = ''): string[] =>
    Object.entries(c.params).filter(([k]) => k.startsWith(prefix) && k.endsWith(suffix)).map(([, v]) => v);
  return calls.filter((c) => {
    switch (c.action) {
      case 'DescribeVxnets':
      case 'CreateVxnets':
      case 'JoinRouter':
        return true;
      case 'AttachTags':
        return values(c, 'resource_tag_pairs.', '.resource_type').includes('vxnet');
      case 'DescribeJobs':
        return values(c, 'jobs.').some((id) => joinJobs.has(id));
      default:
        return false;
    }
  });
}

function countByAction(calls: readonly { action: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[c.action] = (counts[c.action] ?? 0) + 1;
  return counts;
}

describe('core with the QingCloud provider (simulator)', () => {
  const t = tenants('qc-core', 3, 4);
  let env: QingCloudEnv;

  beforeAll(async () => {
    env = await startQingCloudEnv('qc-core');
    await env.startController();
  }, 60_000);

  afterAll(async () => {
    await forceRemoveTenants(env.admin, t);
    await env.stop();
  }, 60_000);

  it('provisions 3 routers and 12 joined vxnets, records their ids, all Ready, at most 4 API calls per project', async () => {
    const started = Date.now();
    await createTenants(env.admin, t);
    const provisioned = await waitAllReady(env.admin, t, 60_000);
    const elapsedMs = Date.now() - started;
    expectSimulatorMatches(env.sim, t, provisioned);
    await expectHostnicMatches(env.admin, provisioned);
    for (const wsn of provisioned.workspaces.values()) expect(QINGCLOUD_VPC_RANGES).toContain(wsn.status?.cidr);
    // hostnic's objects are shared: a burst of projects is a few batched writes, not one per project.
    const hostnicWrites = (env.controller?.requests ?? []).filter((r) => r.method !== 'GET' && (r.path.includes('/vxnetpools/') || r.path.includes('/configmaps/hostnic-ipam-config')));
    process.stderr.write(`[qingcloud] hostnic writes for ${String(t.allProjects.length)} projects: ${String(hostnicWrites.length)} (${hostnicWrites.map((r) => `${r.method} ${r.path.split('/').slice(-1)[0] ?? ''}`).join(', ')})\n`);
    expect(hostnicWrites.length).toBeLessThanOrEqual(t.allProjects.length / 2);

    // Let follow-up reconciles (status writes, policies) settle before counting.
    await new Promise((r) => setTimeout(r, 2000));
    const calls = env.sim.calls();
    const counts = countByAction(calls);
    expect(counts.CreateRouters).toBe(3);
    expect(counts.CreateVxnets).toBe(12);
    expect(counts.JoinRouter).toBe(12);
    const perProject = projectCalls(calls, env.sim.state().jobs).length / t.allProjects.length;
    process.stderr.write(
      `[qingcloud] 3x4 happy path in ${elapsedMs} ms: ${calls.length} API calls in all (${(calls.length / t.allProjects.length).toFixed(2)} per project), ` +
        `${perProject.toFixed(2)} per project for the subnets: ${JSON.stringify(counts)}\n`,
    );
    if (process.env.QC_DEBUG !== undefined) for (const c of calls) process.stderr.write(`${c.atMs - (calls[0]?.atMs ?? 0)} ${c.action} ${JSON.stringify(c.params)}\n`);
    expect(perProject).toBeLessThanOrEqual(4);

    // The Prometheus counter sees every call the simulator answered.
    const metrics = await env.controller?.registry.metrics() ?? '';
    const counted = [...metrics.matchAll(new RegExp(`^${PROVIDER_API_CALLS_METRIC}\\{[^}]*\\} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(calls.length);
    expect(metrics).toContain(`${PROVIDER_API_CALLS_METRIC}{provider="qingcloud",action="JoinRouter",outcome="ok"} 12`);
  }, 120_000);

  it('is quiet once converged', async () => {
    env.sim.resetCalls();
    await new Promise((r) => setTimeout(r, 3000));
    expect(env.sim.calls()).toEqual([]);
  }, 20_000);

  it('restarting the controller adopts everything and creates nothing', async () => {
    await env.stopController();
    env.sim.resetCalls();
    const controller = await env.startController();
    const provisioned = await waitAllReady(env.admin, t, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(env.sim.calls().filter((c) => MUTATIONS.has(c.action))).toEqual([]);
    expectSimulatorMatches(env.sim, t, provisioned);
    await expectHostnicMatches(env.admin, provisioned);
    expect(controller.requests.filter((r) => r.method !== 'GET' && (r.path.includes('/vxnetpools/') || r.path.includes('/configmaps/')))).toEqual([]);
  }, 60_000);

  it('deleting every project and workspace removes all routers and vxnets and leaves nothing owned', async () => {
    env.sim.resetCalls();
    await deleteTenants(env.admin, t, 60_000);
    const counts = countByAction(env.sim.calls());
    // Leaves of one router that wait for it go out in one LeaveRouter call: every vxnet is named
    // exactly once, in fewer calls than projects.
    const leaves = env.sim.calls().filter((c) => c.action === 'LeaveRouter');
    const left = leaves.flatMap((c) => Object.entries(c.params).filter(([k]) => k.startsWith('vxnets.')).map(([, v]) => v));
    expect(left).toHaveLength(12);
    expect(new Set(left).size).toBe(12);
    expect(leaves.length).toBeLessThan(12);
    expect(counts.DeleteVxnets).toBe(12);
    expect(counts.DeleteRouters).toBe(3);
    const controller = env.controller;
    if (controller === undefined) throw new Error('controller not running');
    await expectNothingLeft(env.sim, controller.provider);
    for (const ws of t.workspaces) expect(controller.app.ipam.pool.cidrOf(ws)).toBeUndefined();
    const hostnic = await hostnicView(env.admin);
    expect(hostnic.vxnets).toEqual([HOSTNIC_DEFAULT_VXNET]);
    expect(hostnic.mapping).toEqual({ Default: [HOSTNIC_DEFAULT_VXNET] });
  }, 90_000);

  it('a project is not Ready before hostnic has cut its vxnet into blocks, and Ready with its mapping after', async () => {
    const late = tenants('qc-late', 1, 1);
    env.hostnic.pause();
    try {
      await createTenants(env.admin, late);
      const project = late.allProjects[0] ?? '';
      const waiting = await eventually(async () => {
        const pjn = await env.admin.get<KubeObject & { status?: { phase?: string; subnetId?: string; conditions?: { type: string; message: string }[] } }>(PROJECT_NETWORKS, project);
        expect(pjn.status?.phase).toBe('Provisioning');
        expect(pjn.status?.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(/waiting for hostnic to cut vxnet vxnet-\w+ into blocks/);
        return pjn;
      }, 30_000);
      expect((await hostnicView(env.admin)).vxnets).toContain(waiting.status?.subnetId);
      expect((await hostnicView(env.admin)).mapping[project]).toBeUndefined();
    } finally {
      env.hostnic.resume();
    }
    const provisioned = await waitAllReady(env.admin, late, 30_000);
    await expectHostnicMatches(env.admin, provisioned);
    await deleteTenants(env.admin, late, 60_000);
  }, 120_000);
});
