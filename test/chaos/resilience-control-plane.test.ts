// Control-plane faults while projects are being provisioned (issue #10): the controller runs as a
// child process behind a loopback TCP proxy, on a control plane of its own; while a batch of
// projects is half provisioned the apiserver is SIGKILLed and restarted, then etcd (same data dir),
// then the controller's connections are cut, then stalled. After each fault the invariants must
// hold again: one Ready subnet per project, no overlap, nothing orphaned or duplicated, policies
// equal to the oracle. The fault points come from a fixed seed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TcpProxy } from '../harness/tcp-proxy.js';
import { ChaosEnv, tenants, type Tenants } from '../support/chaos/chaos-env.js';
import type { ControllerChild } from '../support/chaos/controller-child.js';
import { seededRandom } from '../support/chaos/rng.js';
import { ChaosLedger, publishSummary } from '../support/chaos/summary.js';

const SEED = 20261010;
const CONVERGE_MS = 150_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('control-plane faults while projects are provisioned (Calico)', () => {
  const random = seededRandom(SEED);
  const ledger = new ChaosLedger('control-plane', SEED);
  let env: ChaosEnv;
  let proxy: TcpProxy;
  let controller: ControllerChild;

  beforeAll(async () => {
    env = await ChaosEnv.start('control-plane');
    proxy = await TcpProxy.start(Number(new URL(env.plane.access.serverUrl).port));
    controller = env.startController(env.kubeconfigFor('controller.kubeconfig', `https://127.0.0.1:${proxy.port}`));
  }, 120_000);

  afterAll(async () => {
    publishSummary(ledger.summary());
    await proxy.close();
    await env.stop();
  }, 60_000);

  /**
   * Creates the batch, waits until a seeded share of it is Ready (so the fault lands mid-work),
   * injects the fault, then waits for convergence and checks every invariant.
   */
  async function faultDuringProvisioning(label: string, batch: Tenants, fault: () => Promise<void>): Promise<void> {
    const names = new Set(batch.projects.map((p) => p.name));
    await env.createTenants(batch);
    const target = Math.floor(batch.projects.length * (0.1 + random.next() * 0.5));
    const deadline = Date.now() + 120_000;
    while ((await env.readyCount(names)) < target && Date.now() < deadline) await sleep(100);
    ledger.figures[`${label}.readyAtFault`] = `${await env.readyCount(names)}/${batch.projects.length}`;
    await fault();
    const report = await env.converge(CONVERGE_MS);
    ledger.converged(report);
    ledger.figures[`${label}.convergeMs`] = Math.round(report.ms);
    expect(report.violations).toEqual([]);
    expect(controller.running).toBe(true);
  }

  it('survives a SIGKILLed apiserver (restarted on the same port) while 200 projects are provisioned', async () => {
    await faultDuringProvisioning('apiserver', tenants('api', 8, 25), async () => {
      await env.plane.stopApiserver(true);
      ledger.faultsInjected++;
      await sleep(random.int(1000, 4000));
      await env.plane.startApiserver();
    });
  }, 240_000);

  it('survives a SIGKILLed etcd (restarted on the same data dir) while 200 more are provisioned', async () => {
    await faultDuringProvisioning('etcd', tenants('etcd', 8, 25), async () => {
      await env.plane.stopEtcd(true);
      ledger.faultsInjected++;
      await sleep(random.int(1000, 4000));
      await env.plane.startEtcd();
    });
  }, 240_000);

  it('survives its connections (watches included) being cut again and again', async () => {
    await faultDuringProvisioning('cut', tenants('cut', 4, 25), async () => {
      for (let i = 0; i < 3; i++) {
        ledger.figures['cut.connectionsDropped'] = Number(ledger.figures['cut.connectionsDropped'] ?? 0) + proxy.connections;
        proxy.dropAll();
        ledger.faultsInjected++;
        await sleep(random.int(500, 2000));
      }
    });
  }, 240_000);

  it('survives its connections stalling (bytes stop, sockets stay open)', async () => {
    await faultDuringProvisioning('stall', tenants('stall', 4, 25), async () => {
      proxy.stall();
      ledger.faultsInjected++;
      const stallMs = random.int(8000, 15_000);
      ledger.figures['stall.ms'] = stallMs;
      await sleep(stallMs);
      proxy.resume();
    });
  }, 240_000);
});
