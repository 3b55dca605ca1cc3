// Two replicas with leader election (issue #10): each talks to the apiserver through its own
// counting proxy, so every write is attributed to the replica that made it. While 200 projects are
// being provisioned only the leader writes (besides its Lease); the leader is SIGKILLed mid-work
// (no lease release), the standby takes the lease once it expires, finishes the work, and the
// invariants hold.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { ChaosEnv, CONTROLLER_NAMESPACE, tenants } from '../support/chaos/chaos-env.js';
import type { ControllerChild } from '../support/chaos/controller-child.js';
import { FaultProxy, isLeaseRequest, isWrite, type ProxiedRequest } from '../support/chaos/fault-proxy.js';
import { seededRandom } from '../support/chaos/rng.js';
import { ChaosLedger, publishSummary } from '../support/chaos/summary.js';
import { eventually } from '../support/eventually.js';

const SEED = 20261013;
const LEASE_NAME = 'tenant-network-controller';
const CONVERGE_MS = 180_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const workWrites = (log: readonly ProxiedRequest[]): ProxiedRequest[] => log.filter((r) => isWrite(r.method) && !isLeaseRequest(r.path));

interface Replica {
  readonly proxy: FaultProxy;
  readonly child: ControllerChild;
}

describe('two replicas with leader election; the leader SIGKILLed mid-work (Calico)', () => {
  const random = seededRandom(SEED);
  const ledger = new ChaosLedger('leader-failover', SEED);
  let env: ChaosEnv;
  const replicas = new Map<string, Replica>();

  beforeAll(async () => {
    env = await ChaosEnv.start('leader');
    for (const instance of ['replica-a', 'replica-b']) {
      const proxy = await FaultProxy.start(env.upstreamCredentials(), seededRandom(SEED));
      const child = env.startController(env.kubeconfigFor(`${instance}.kubeconfig`, proxy.url, proxy.caPem), { instance, leaderElection: true });
      replicas.set(instance, { proxy, child });
    }
  }, 120_000);

  afterAll(async () => {
    publishSummary(ledger.summary());
    for (const { proxy } of replicas.values()) await proxy.close();
    await env.stop();
  }, 60_000);

  const holder = async (): Promise<string | undefined> => {
    const lease = await env.admin.request<KubeObject & { spec?: { holderIdentity?: string } }>('GET', `/apis/coordination.k8s.io/v1/namespaces/${CONTROLLER_NAMESPACE}/leases/${LEASE_NAME}`).catch(() => undefined);
    return lease?.spec?.holderIdentity;
  };
  const replica = (instance: string): Replica => {
    const r = replicas.get(instance);
    if (r === undefined) throw new Error(`no replica ${instance}`);
    return r;
  };

  it('only the leader writes; after its SIGKILL the standby takes over and finishes', async () => {
    const leaderName = await eventually(async () => {
      const name = await holder();
      expect(['replica-a', 'replica-b']).toContain(name);
      return name ?? '';
    }, 60_000, 200);
    const standbyName = leaderName === 'replica-a' ? 'replica-b' : 'replica-a';
    const [leader, standby] = [replica(leaderName), replica(standbyName)];

    const batch = tenants('ha', 8, 25);
    const names = new Set(batch.projects.map((p) => p.name));
    await env.createTenants(batch);
    const target = Math.floor(batch.projects.length * (0.2 + random.next() * 0.4));
    const deadline = Date.now() + 120_000;
    while ((await env.readyCount(names)) < target && Date.now() < deadline) await sleep(100);
    const readyAtKill = await env.readyCount(names);
    const killedAt = performance.now();
    await leader.child.crash();
    ledger.faultsInjected++;

    const report = await env.converge(CONVERGE_MS);
    ledger.crashesSurvived++;
    ledger.converged(report);
    expect(report.violations).toEqual([]);
    expect(await holder()).toBe(standbyName);
    expect(standby.child.running).toBe(true);

    const leaderWrites = workWrites(leader.proxy.log);
    const standbyWrites = workWrites(standby.proxy.log);
    const firstStandbyWrite = standbyWrites[0]?.at;
    Object.assign(ledger.figures, {
      readyAtKill: `${readyAtKill}/${batch.projects.length}`,
      leaderWrites: leaderWrites.length,
      standbyWritesBeforeKill: standbyWrites.filter((r) => r.at < killedAt).length,
      standbyWrites: standbyWrites.length,
      takeoverMs: firstStandbyWrite === undefined ? 'none' : Math.round(firstStandbyWrite - killedAt),
      convergeMs: Math.round(report.ms),
    });
    expect(leaderWrites.length).toBeGreaterThan(0);
    // The standby wrote nothing but Lease requests while the leader lived, and did the rest after.
    expect(standbyWrites.filter((r) => r.at < killedAt).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(standbyWrites.length).toBeGreaterThan(0);
  }, 300_000);
});
