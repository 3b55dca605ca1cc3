// The QingCloud provider under faults, on a real apiserver against the simulator: with about 30% of
// calls failing retryably the 3 × 4 scenario still converges with no duplicate and nothing left
// over; terminal errors (quota, authentication) become Ready=False with the reason and the
// controller stops calling the API until something changes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { WorkspaceNetwork } from '../../src/api/workspace-network.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import type { FaultRule } from '../qingcloud-sim/faults.js';
import { createNamespace, createWorkspace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import {
  createTenants,
  deleteTenants,
  expectNothingLeft,
  expectHostnicMatches,
  expectSimulatorMatches,
  HOSTNIC_DEFAULT_VXNET,
  hostnicView,
  startConcurrentHostnicAdmin,
  type AdminEntries,
  forceRemoveTenants,
  startQingCloudEnv,
  tenants,
  waitAllReady,
  type QingCloudEnv,
  type Tenants,
} from '../support/qingcloud-env.js';

type Wsn = WorkspaceNetwork & KubeObject;
type Pjn = ProjectNetwork & KubeObject;

/** Independent rules, so together about 1 − 0.85·0.94·0.94·0.96·0.96 ≈ 31% of calls fail. */
const RETRYABLE_FAULTS: readonly FaultRule[] = [
  { action: '*', retCode: 5100, probability: 0.15 },
  { action: '*', retCode: 5000, probability: 0.06 },
  { action: '*', retCode: 5300, probability: 0.06 },
  // The call ran but the answer is lost: creates must be found by name, not repeated.
  { action: '*', drop: 'after', probability: 0.04 },
  { action: '*', drop: 'before', probability: 0.04 },
];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// One apiserver for both groups (they run one after the other, each removing its tenants).
let plane: LocalControlPlane;
beforeAll(async () => {
  plane = await LocalControlPlane.start();
}, 90_000);
afterAll(async () => {
  await plane.stop();
}, 30_000);

function readyCondition(object: { readonly status?: { readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason: string; readonly message: string }[] } }): { status: string; reason: string; message: string } | undefined {
  return object.status?.conditions?.find((c) => c.type === 'Ready');
}

describe('QingCloud with 30% of calls failing retryably', () => {
  const t = tenants('qc-flaky', 3, 4);
  let env: QingCloudEnv;
  let adminEntries: AdminEntries = { vxnets: [], namespaces: [] };

  beforeAll(async () => {
    env = await startQingCloudEnv('qc-flaky', {}, { plane });
    await env.startController();
  }, 60_000);

  afterAll(async () => {
    await forceRemoveTenants(env.admin, t);
    await env.stop();
  }, 60_000);

  it('still provisions 3 routers and 12 joined vxnets, without duplicates, and hostnic maps each namespace to its vxnet while an admin edits the same objects', async () => {
    env.sim.setFaults(RETRYABLE_FAULTS);
    const editor = startConcurrentHostnicAdmin(env.admin);
    await createTenants(env.admin, t);
    const provisioned = await waitAllReady(env.admin, t, 150_000);
    adminEntries = await editor.stop();
    expect(adminEntries.vxnets.length).toBeGreaterThan(10);
    // Nothing the admin added was lost to the controller's writes, and nothing of the controller's to the admin's.
    await expectHostnicMatches(env.admin, provisioned, adminEntries);
    const calls = env.sim.calls();
    const failed = calls.filter((c) => c.retCode !== 0).length;
    process.stderr.write(`[qingcloud] faults: ${calls.length} calls, ${failed} failed (${((100 * failed) / calls.length).toFixed(0)}%)\n`);
    expect(failed / calls.length).toBeGreaterThan(0.2);
    // Some creates did run while their answers were lost, and were adopted, not repeated.
    expect(calls.filter((c) => c.retCode === 'dropped').length).toBeGreaterThan(0);
    expectSimulatorMatches(env.sim, t, provisioned);
  }, 180_000);

  it('still deletes everything and leaves nothing owned, in hostnic only the admin\'s entries', async () => {
    await deleteTenants(env.admin, t, 150_000);
    env.sim.setFaults([]);
    const controller = env.controller;
    if (controller === undefined) throw new Error('controller not running');
    await expectNothingLeft(env.sim, controller.provider);
    const hostnic = await hostnicView(env.admin);
    expect([...hostnic.vxnets].sort()).toEqual([HOSTNIC_DEFAULT_VXNET, ...adminEntries.vxnets].sort());
    expect(Object.keys(hostnic.mapping).sort()).toEqual(['Default', ...adminEntries.namespaces].sort());
  }, 180_000);
});

describe('QingCloud terminal errors', () => {
  const quota: Tenants = tenants('qc-quota', 2, 1);
  const auth: Tenants = tenants('qc-auth', 1, 1);
  let env: QingCloudEnv;

  beforeAll(async () => {
    env = await startQingCloudEnv('qc-terminal', { quotas: { router: 1 } }, { plane });
    await env.startController();
  }, 60_000);

  afterAll(async () => {
    env.sim.setFaults([]);
    for (const x of [quota, auth]) await forceRemoveTenants(env.admin, x);
    await env.stop();
  }, 60_000);

  /** API calls in a quiet window once the failure is reported and its follow-ups are done. */
  async function callsWhileQuiet(windowMs: number): Promise<number> {
    await sleep(1500);
    env.sim.resetCalls();
    await sleep(windowMs);
    return env.sim.calls().length;
  }

  it('a router quota gives Ready=False QuotaExceeded and stops calling the API', async () => {
    // The account allows one router: the first workspace gets it, the second cannot.
    const [first, second] = quota.workspaces;
    if (first === undefined || second === undefined) throw new Error('two workspaces expected');
    await createWorkspace(env.admin, first);
    for (const p of quota.projects.get(first) ?? []) await createNamespace(env.admin, p, first);
    await eventually(async () => { expect((await env.admin.get<Wsn>(WORKSPACE_NETWORKS, first)).status?.phase).toBe('Ready'); }, 30_000);
    await createWorkspace(env.admin, second);
    for (const p of quota.projects.get(second) ?? []) await createNamespace(env.admin, p, second);
    const failed = await eventually(async () => {
      const wsn = await env.admin.get<Wsn>(WORKSPACE_NETWORKS, second);
      expect(readyCondition(wsn)).toMatchObject({ status: 'False', reason: 'QuotaExceeded' });
      return wsn;
    }, 30_000);
    expect(readyCondition(failed)?.message).toContain('quota');
    expect(failed.status?.phase).toBe('Failed');
    const attempts = env.sim.calls().filter((c) => c.action === 'CreateRouters' && c.retCode === 2500).length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(3);
    // Its project waits for the VPC without calling the API.
    const project = quota.projects.get(second)?.[0] ?? '';
    await eventually(async () => { expect(readyCondition(await env.admin.get<Pjn>(PROJECT_NETWORKS, project))).toMatchObject({ status: 'False', reason: 'WaitingForWorkspace' }); }, 30_000);
    expect(await callsWhileQuiet(5000)).toBe(0);

    // Once the quota is raised, a change of the object (here a label) brings it back and it converges.
    env.sim.setQuotas({ router: 5 });
    await env.admin.mergePatch(WORKSPACE_NETWORKS, second, { metadata: { labels: { 'example.com/retry': '1' } } });
    await waitAllReady(env.admin, quota, 30_000);
  }, 90_000);

  it('an authentication failure gives Ready=False AuthFailure and stops calling the API', async () => {
    env.sim.setFaults([{ action: '*', retCode: 1200, message: 'AuthFailure, signature not matched' }]);
    const [ws] = auth.workspaces;
    if (ws === undefined) throw new Error('workspace expected');
    await createWorkspace(env.admin, ws);
    await eventually(async () => {
      expect(readyCondition(await env.admin.get<Wsn>(WORKSPACE_NETWORKS, ws))).toMatchObject({ status: 'False', reason: 'AuthFailure' });
    }, 30_000);
    // A terminal answer is not retried by the client either: a handful of calls in all.
    expect(env.sim.calls().filter((c) => c.retCode === 1200).length).toBeLessThanOrEqual(3);
    expect(await callsWhileQuiet(5000)).toBe(0);
    env.sim.setFaults([]);
  }, 60_000);

  it('cleans up after the failures', async () => {
    env.sim.setFaults([]);
    await deleteTenants(env.admin, quota, 60_000);
    await deleteTenants(env.admin, auth, 60_000);
    const controller = env.controller;
    if (controller === undefined) throw new Error('controller not running');
    await expectNothingLeft(env.sim, controller.provider);
  }, 150_000);
});
