// Every documented QingCloud error class, injected by the simulator into the controller's calls for
// one workspace each: a terminal code ends in Ready=False with the code's reason and an Event, and
// no call is made for it again until the object changes; a retryable code is retried (after the
// back-off its class asks for) and recovers with a bounded number of calls. Plus slow and dropped
// connections, router and vxnet quota exhaustion lifted by raising the quota, and API-call budget
// exhaustion, on the controller's side (calls/hour) and the account's (ret_code 2500) — counting
// the calls the simulator sees, so hammering would show.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { WorkspaceNetwork } from '../../src/api/workspace-network.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { classifyRetCode, DOCUMENTED_RET_CODES } from '../../src/providers/qingcloud/ret-codes.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import { defaultFaultMessage, type FaultRule } from '../qingcloud-sim/faults.js';
import type { CallRecord } from '../qingcloud-sim/server.js';
import { createNamespace, createWorkspace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import {
  createTenants,
  deleteTenants,
  expectNothingLeft,
  expectSimulatorMatches,
  forceRemoveTenants,
  startQingCloudEnv,
  tenants,
  waitAllReady,
  type QingCloudEnv,
  type Tenants,
} from '../support/qingcloud-env.js';

type Wsn = WorkspaceNetwork & KubeObject;
type Pjn = ProjectNetwork & KubeObject;
type EventObject = KubeObject & { reason?: string; type?: string; regarding?: { name?: string } };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readyOf(object: Wsn | Pjn): { status: string; reason: string; message: string } | undefined {
  return object.status?.conditions?.find((c) => c.type === 'Ready');
}

interface ErrorCase {
  /** Workspace name (the router's name contains `.<name>.`, which the fault rule matches). */
  readonly workspace: string;
  readonly retCode: number;
  readonly message: string;
  readonly reason: string;
}

/** A case per documented code with its default message, plus the message-dependent variants of 1400 and 2500. */
function errorCases(retryable: boolean): ErrorCase[] {
  const messages: [number, string, string][] = DOCUMENTED_RET_CODES.map((code) => [code, String(code), defaultFaultMessage(code)]);
  messages.push(
    [1400, '1400-denied', 'PermissionDenied, resource [rtr-x] does not belong to you'],
    [1400, '1400-lease', 'PermissionDenied, lease info not ready yet, please try later'],
    [2500, '2500-router', 'QuotaExceeded, resource quota of [router] exceeded, left [0], need [1]'],
  );
  return messages
    .map(([retCode, label, message]) => ({ workspace: `qc-err-${label}`, retCode, message, reason: classifyRetCode(retCode, message).reason }))
    .filter((c) => classifyRetCode(c.retCode, c.message).retryable === retryable);
}

const routerCreates = (calls: readonly CallRecord[], workspace: string): CallRecord[] =>
  calls.filter((c) => c.action === 'CreateRouters' && (c.params.router_name ?? '').includes(`.${workspace}.`));

// One apiserver for every group (they run one after the other, each removing its tenants).
let plane: LocalControlPlane;
beforeAll(async () => {
  plane = await LocalControlPlane.start();
}, 90_000);
afterAll(async () => {
  await plane.stop();
}, 30_000);

describe('every documented QingCloud error class', () => {
  const terminal = errorCases(false);
  const retryable = errorCases(true);
  let env: QingCloudEnv;

  beforeAll(async () => {
    env = await startQingCloudEnv('qc-err', { quotas: { router: 200 } }, { plane });
    await env.startController();
  }, 60_000);

  afterAll(async () => {
    env.sim.setFaults([]);
    const all: Tenants = { workspaces: [...terminal, ...retryable].map((c) => c.workspace), projects: new Map(), allProjects: [] };
    await forceRemoveTenants(env.admin, all);
    await env.stop();
  }, 90_000);

  it('covers every documented code, both ways', () => {
    expect(new Set([...terminal, ...retryable].map((c) => c.retCode))).toEqual(new Set(DOCUMENTED_RET_CODES));
    expect(terminal.length).toBeGreaterThan(30);
    expect(retryable.map((c) => c.reason).sort()).toEqual(
      ['ApiCallQuotaExceeded', 'InsufficientCapacity', 'InternalError', 'LeaseFailed', 'LeaseNotReady', 'ResourceBusy', 'ServerBusy', 'ServiceUpdating', 'UnleaseFailed'].sort(),
    );
  });

  it('a terminal code gives Ready=False with its reason and an Event, then no call until the object changes', async () => {
    env.sim.setFaults(terminal.map((c): FaultRule => ({ action: 'CreateRouters', paramIncludes: `.${c.workspace}.`, retCode: c.retCode, message: c.message })));
    env.sim.resetCalls();
    await Promise.all(terminal.map((c) => createWorkspace(env.admin, c.workspace)));
    await eventually(async () => {
      const seen = await Promise.all(terminal.map(async (c) => {
        const wsn = await env.admin.get<Wsn>(WORKSPACE_NETWORKS, c.workspace);
        return { ws: c.workspace, phase: wsn.status?.phase, ready: readyOf(wsn)?.status, reason: readyOf(wsn)?.reason };
      }));
      expect(seen).toEqual(terminal.map((c) => ({ ws: c.workspace, phase: 'Failed', ready: 'False', reason: c.reason })));
    }, 60_000, 500);
    const events = (await env.admin.list<EventObject>(CORE.events, { namespace: 'default' })).items;
    for (const c of terminal) {
      expect({ ws: c.workspace, warned: events.some((e) => e.regarding?.name === c.workspace && e.type === 'Warning' && e.reason === c.reason) }).toEqual({ ws: c.workspace, warned: true });
      // Not retried by the client, except that an expired request is re-signed once. The reconciler
      // creates the WorkspaceNetwork itself, and that create's watch event may come after the first
      // attempt, before the cache holds the Failed status: then one more attempt runs, no further.
      const perAttempt = c.retCode === 1300 ? 2 : 1;
      const creates = routerCreates(env.sim.calls(), c.workspace).length;
      expect({ ws: c.workspace, attempts: [perAttempt, 2 * perAttempt].includes(creates) }).toEqual({ ws: c.workspace, attempts: true });
    }
    // Once the failures are reported and their follow-ups done, the account hears nothing.
    await sleep(1500);
    env.sim.resetCalls();
    await sleep(6000);
    expect(env.sim.calls()).toEqual([]);

    // A change of the object brings it back; with the cause gone it converges.
    env.sim.setFaults([]);
    await Promise.all(terminal.map((c) => env.admin.mergePatch(WORKSPACE_NETWORKS, c.workspace, { metadata: { labels: { 'example.com/retry': '1' } } })));
    await waitAllReady(env.admin, { workspaces: terminal.map((c) => c.workspace), projects: new Map(), allProjects: [] }, 90_000);
    for (const c of terminal) expect({ ws: c.workspace, creates: routerCreates(env.sim.calls(), c.workspace).length }).toEqual({ ws: c.workspace, creates: 1 });
  }, 200_000);

  it('a retryable code is retried, no sooner than its class asks, and recovers with bounded calls', async () => {
    // Twice each. As for every new object, the first retry may come at once (the watch event of the
    // WorkspaceNetwork the reconciler just created); the retry after that waits as the class asks.
    const TIMES = 2;
    // The API-call quota asks for 5 minutes: that one is shown to wait, then brought back by a change.
    const slow = retryable.filter((c) => c.reason === 'ApiCallQuotaExceeded');
    env.sim.setFaults(retryable.map((c): FaultRule => ({ action: 'CreateRouters', paramIncludes: `.${c.workspace}.`, retCode: c.retCode, message: c.message, count: TIMES })));
    env.sim.resetCalls();
    const started = Date.now();
    await Promise.all(retryable.map((c) => createWorkspace(env.admin, c.workspace)));

    // While waiting, the condition names the class.
    await eventually(async () => {
      for (const c of retryable.filter((x) => (classifyRetCode(x.retCode, x.message).retryAfterMs ?? 0) > 0)) {
        const wsn = await env.admin.get<Wsn>(WORKSPACE_NETWORKS, c.workspace);
        expect({ ws: c.workspace, phase: wsn.status?.phase, reason: readyOf(wsn)?.reason }).toEqual({ ws: c.workspace, phase: 'Provisioning', reason: c.reason });
      }
    }, 20_000, 500);

    const fast = retryable.filter((c) => !slow.includes(c));
    // Up to two 60 s waits for InsufficientCapacity if neither retry came early.
    await waitAllReady(env.admin, { workspaces: fast.map((c) => c.workspace), projects: new Map(), allProjects: [] }, 150_000);
    const calls = env.sim.calls();
    for (const c of fast) {
      const creates = routerCreates(calls, c.workspace);
      // Each injected failure costs one call, then one that succeeds: no hammering, no duplicate.
      expect({ ws: c.workspace, creates: creates.map((x) => x.retCode) }).toEqual({ ws: c.workspace, creates: [...Array<number>(TIMES).fill(c.retCode), 0] });
      const hint = classifyRetCode(c.retCode, c.message).retryAfterMs;
      const [first, succeeded] = [creates[0], creates.at(-1)];
      if (hint !== undefined && first !== undefined && succeeded !== undefined) {
        // The work queue keeps the earliest retry deadline, so the wait runs from the first failure;
        // inside it, only the one early retry a create event may bring.
        process.stderr.write(`[qingcloud] ${c.workspace}: CreateRouters at ${creates.map((x) => `${x.atMs - started} ms → ${String(x.retCode)}`).join(', ')}\n`);
        const early = creates.filter((x) => x.atMs - first.atMs < hint - 50).length;
        expect({ ws: c.workspace, waited: succeeded.atMs - first.atMs >= hint - 50, early: early <= 2 }).toEqual({ ws: c.workspace, waited: true, early: true });
      }
    }
    env.sim.setFaults([]);
    for (const c of slow) {
      // Within the 5 minutes it asked for, no call beyond the one the create event may add.
      expect([[2500], [2500, 2500]]).toContainEqual(routerCreates(calls, c.workspace).map((x) => x.retCode));
      expect(Date.now() - started).toBeLessThan(5 * 60_000);
      await env.admin.mergePatch(WORKSPACE_NETWORKS, c.workspace, { metadata: { labels: { 'example.com/retry': '1' } } });
    }
    await waitAllReady(env.admin, { workspaces: slow.map((c) => c.workspace), projects: new Map(), allProjects: [] }, 30_000);
  }, 270_000);
});

describe('QingCloud slow, dropped and refused', () => {
  let env: QingCloudEnv;
  const flaky = tenants('qc-net', 2, 3);
  const quota = tenants('qc-vxq', 1, 4);

  beforeAll(async () => {
    env = await startQingCloudEnv('qc-net', {}, { plane });
    await env.startController();
  }, 60_000);

  afterAll(async () => {
    env.sim.setFaults([]);
    env.sim.setApiCallQuota(undefined);
    for (const x of [flaky, quota]) await forceRemoveTenants(env.admin, x);
    await env.stop();
  }, 90_000);

  it('converges through 400 ms latency and connections dropped before and after the call ran, without duplicates', async () => {
    env.sim.setFaults([
      { action: '*', latencyMs: 400 },
      { action: 'CreateRouters', drop: 'after', count: 1 },
      { action: 'CreateVxnets', drop: 'after', count: 2 },
      { action: 'JoinRouter', drop: 'after', count: 2 },
      { action: 'DescribeJobs', drop: 'before', count: 3 },
      { action: 'DescribeVxnets', drop: 'before', count: 2 },
    ]);
    env.sim.resetCalls();
    await createTenants(env.admin, flaky);
    const provisioned = await waitAllReady(env.admin, flaky, 90_000);
    expect(env.sim.calls().filter((c) => c.retCode === 'dropped').length).toBe(10);
    expectSimulatorMatches(env.sim, flaky, provisioned);
    env.sim.setFaults([]);
    await deleteTenants(env.admin, flaky, 60_000);
  }, 150_000);

  it('a vxnet quota gives QuotaExceeded to the projects past it, quietly; raising it (and a change) recovers them', async () => {
    const left = env.sim.state().vxnets.length;
    env.sim.setQuotas({ vxnet: left + 2 });
    const [ws] = quota.workspaces;
    if (ws === undefined) throw new Error('workspace expected');
    await createWorkspace(env.admin, ws);
    for (const p of quota.allProjects) await createNamespace(env.admin, p, ws);
    const failed = await eventually(async () => {
      const states = await Promise.all(quota.allProjects.map(async (p) => readyOf(await env.admin.get<Pjn>(PROJECT_NETWORKS, p))));
      expect(states.filter((s) => s?.status === 'True')).toHaveLength(2);
      const refused = quota.allProjects.filter((_, i) => states[i]?.reason === 'QuotaExceeded');
      expect(refused).toHaveLength(2);
      return refused;
    }, 60_000, 500);
    await sleep(1500);
    env.sim.resetCalls();
    await sleep(5000);
    expect(env.sim.calls()).toEqual([]);
    env.sim.setQuotas({ vxnet: 200 });
    for (const p of failed) await env.admin.mergePatch(PROJECT_NETWORKS, p, { metadata: { labels: { 'example.com/retry': '1' } } });
    const provisioned = await waitAllReady(env.admin, quota, 60_000);
    expectSimulatorMatches(env.sim, quota, provisioned);
    await deleteTenants(env.admin, quota, 60_000);
  }, 150_000);

  it('an exhausted account call quota (2500) is not hammered; once it resets, a change brings the object back', async () => {
    const t = tenants('qc-rate', 1, 1);
    env.sim.setApiCallQuota({ limit: 0, windowMs: 60_000 });
    env.sim.resetCalls();
    await createTenants(env.admin, t);
    const [ws] = t.workspaces;
    if (ws === undefined) throw new Error('workspace expected');
    const [project] = t.allProjects;
    await eventually(async () => {
      expect(readyOf(await env.admin.get<Wsn>(WORKSPACE_NETWORKS, ws))?.reason).toBe('ApiCallQuotaExceeded');
      expect(readyOf(await env.admin.get<Pjn>(PROJECT_NETWORKS, project ?? ''))?.reason).toBe('WaitingForWorkspace');
    }, 30_000, 500);
    // Events about the new objects may bring one more attempt each; once they are in, quiet.
    await sleep(1500);
    const refusedSoFar = env.sim.calls().length;
    try {
      await sleep(8000);
      // The class asks for 5 minutes: nothing more in the meantime.
      expect(env.sim.calls().slice(refusedSoFar).map((c) => c.action)).toEqual([]);
      expect(env.sim.calls().every((c) => c.retCode === 2500)).toBe(true);
      expect(refusedSoFar).toBeLessThanOrEqual(4);
    } finally {
      env.sim.setApiCallQuota(undefined);
    }
    await env.admin.mergePatch(WORKSPACE_NETWORKS, ws, { metadata: { labels: { 'example.com/retry': '1' } } });
    await waitAllReady(env.admin, t, 60_000);
    await deleteTenants(env.admin, t, 60_000);
  }, 120_000);

  it('a small calls/hour budget holds the controller to its burst, and a larger one lets it finish', async () => {
    await env.stopController();
    const t = tenants('qc-budget', 1, 4);
    // 10 calls back to back, then 10 more per 100 s.
    await env.startController({ qingcloud: { callsPerHour: 360, callBurst: 10 } });
    env.sim.resetCalls();
    await createTenants(env.admin, t);
    await sleep(12_000);
    expect(env.sim.calls().length).toBeLessThanOrEqual(10);
    expect(env.sim.calls().length).toBeGreaterThan(0);
    await env.stopController();
    await env.startController();
    const provisioned = await waitAllReady(env.admin, t, 60_000);
    expectSimulatorMatches(env.sim, t, provisioned);
    await deleteTenants(env.admin, t, 60_000);
    const controller = env.controller;
    if (controller === undefined) throw new Error('controller not running');
    await expectNothingLeft(env.sim, controller.provider);
  }, 150_000);
});
