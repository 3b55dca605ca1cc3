// Regression (found by resilience-control-plane): a reconcile that fails after writing its failure
// report to status is retried ~100 ms later; if the ProjectNetwork watch has not delivered that
// write yet (here: held, as after a cut connection), the retry compared its Ready status with the
// stale cached Ready, skipped the write, and — status-only changes not requeueing — the project
// stayed "Provisioning / ConnectionFailed" for good. Retries now read the object live.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { ChaosEnv, tenants } from '../support/chaos/chaos-env.js';
import { FaultProxy } from '../support/chaos/fault-proxy.js';
import { seededRandom } from '../support/chaos/rng.js';
import { ChaosLedger, publishSummary } from '../support/chaos/summary.js';
import { eventually } from '../support/eventually.js';

const SEED = 20261014;
const PN_WATCH = (path: string): boolean => path === '/apis/sdn.kubesphere.io/v1alpha1/projectnetworks';
type Pjn = KubeObject & { status?: { phase?: string } };

describe('a retry after a failure report, with the ProjectNetwork watch behind (Calico)', () => {
  const ledger = new ChaosLedger('stale-status', SEED);
  let env: ChaosEnv;
  let proxy: FaultProxy;

  beforeAll(async () => {
    env = await ChaosEnv.start('stale-status');
    proxy = await FaultProxy.start(env.upstreamCredentials(), seededRandom(SEED));
    env.startController(env.kubeconfigFor('controller.kubeconfig', proxy.url, proxy.caPem));
  }, 120_000);

  afterAll(async () => {
    publishSummary(ledger.summary());
    await proxy.close();
    await env.stop();
  }, 60_000);

  it('ends Ready again, not stuck on the failure it reported', async () => {
    const t = tenants('stale', 1, 1);
    const project = t.projects[0]?.name ?? '';
    await env.createTenants(t);
    ledger.converged(await env.converge(90_000));

    // The controller's ProjectNetwork watch reconnects into a hold: its cache stays at Ready.
    proxy.holdWatches(PN_WATCH);
    proxy.dropWatches(PN_WATCH);
    await eventually(() => { expect(proxy.heldWatches).toBeGreaterThan(0); }, 20_000, 100);

    // The next reconcile fails reading the pool (after the failure is reported in status); the retry succeeds.
    proxy.failNext((method, path) => method === 'GET' && path.endsWith(`/ippools/tnc-${project}`), 'error');
    await env.admin.mergePatch(CORE.namespaces, project, { metadata: { annotations: { 'chaos.test/touch': '1' } } });
    ledger.faultsInjected++;
    await eventually(() => { expect(proxy.log.some((r) => r.injected === 'error')).toBe(true); }, 20_000, 100);
    // The failure was reported: a status write after the injected error.
    await eventually(() => {
      const failedAt = proxy.log.find((r) => r.injected === 'error')?.at ?? Infinity;
      expect(proxy.log.some((r) => r.method === 'PATCH' && r.path === `/apis/sdn.kubesphere.io/v1alpha1/projectnetworks/${project}/status` && r.at > failedAt)).toBe(true);
    }, 20_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 2000));

    proxy.releaseWatches();
    await eventually(async () => { expect((await env.admin.get<Pjn>(PROJECT_NETWORKS, project)).status?.phase).toBe('Ready'); }, 20_000, 200);
    ledger.converged(await env.converge(30_000));
  }, 180_000);
});
