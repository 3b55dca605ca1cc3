// The controller SIGKILLed at seeded random points (issue #10): twelve rounds, six while three new
// workspaces' projects are being provisioned, four while three workspaces and their projects are
// being deleted, and two while projects stop being projects but their namespaces stay. Each kill
// lands mid-work — after a seeded number of projects became Ready (or were removed), or a seeded
// time after the first one did — then the controller is started again and must converge to the
// invariants; a deleted workspace must leave no IPPool, policy, network object or finalizer behind.
// Throughout every round, not only once converged, no namespace may name a pool that does not exist
// (sampled on consistent cuts of the cluster, pool-reference-watch.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { ChaosEnv, tenants, type Tenants } from '../support/chaos/chaos-env.js';
import { watchPoolReferences } from '../support/chaos/pool-reference-watch.js';
import { seededRandom } from '../support/chaos/rng.js';
import { ChaosLedger, publishSummary } from '../support/chaos/summary.js';

const SEED = 20261012;
const PROVISION_ROUNDS = 6;
const DELETE_ROUNDS = 4;
const UNLABEL_ROUNDS = 2;
const WORKSPACES_PER_ROUND = 3;
const PROJECTS_PER_WORKSPACE = 20;
const PROJECTS_PER_ROUND = WORKSPACES_PER_ROUND * PROJECTS_PER_WORKSPACE;
const CONVERGE_MS = 120_000;
const POOLS = 'cni.projectcalico.org/ipv4pools';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('controller SIGKILLed at random points during provisioning and deletion (Calico)', () => {
  const random = seededRandom(SEED);
  const ledger = new ChaosLedger('controller-crashes', SEED);
  const batches: Tenants[] = [];
  const killPoints: string[] = [];
  let env: ChaosEnv;

  beforeAll(async () => {
    env = await ChaosEnv.start('crashes');
  }, 120_000);

  afterAll(async () => {
    ledger.figures.killPoints = killPoints.join(' ');
    publishSummary(ledger.summary());
    await env.stop();
  }, 60_000);

  /** Polls `progress` until it reaches `target` (or the controller is plainly done), within a minute. */
  async function waitFor(progress: () => Promise<number>, target: number): Promise<number> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await progress();
      if (now >= target || Date.now() > deadline) return now;
      await sleep(50);
    }
  }

  /** Kills the running controller at a seeded point of `progress` (0..total), restarts it and converges. */
  async function crashAt(round: string, total: number, progress: () => Promise<number>): Promise<void> {
    const kubeconfig = env.plane.kubeconfigPath;
    const watch = watchPoolReferences(env.admin);
    const child = env.startController(kubeconfig);
    if (random.next() < 0.5) {
      await waitFor(progress, random.int(1, total - 1));
    } else {
      await waitFor(progress, 1);
      await sleep(random.int(0, 800));
    }
    await child.crash();
    const at = await progress();
    killPoints.push(`${round}@${at}/${total}`);
    if (at > 0 && at < total) ledger.figures.midWorkKills = Number(ledger.figures.midWorkKills ?? 0) + 1;
    const restarted = env.startController(kubeconfig);
    const report = await env.converge(CONVERGE_MS);
    ledger.crashesSurvived++;
    ledger.converged(report);
    expect(report.violations).toEqual([]);
    expect(restarted.running).toBe(true);
    await restarted.stop();
    const references = await watch.stop();
    ledger.figures.poolReferenceSamples = Number(ledger.figures.poolReferenceSamples ?? 0) + references.samples;
    expect(references.violations).toEqual([]);
    expect(references.samples).toBeGreaterThan(0);
  }

  it(`survives ${PROVISION_ROUNDS} kills while ${WORKSPACES_PER_ROUND} workspaces' projects are provisioned`, async () => {
    for (let r = 0; r < PROVISION_ROUNDS; r++) {
      const batch = tenants(`crash${r}`, WORKSPACES_PER_ROUND, PROJECTS_PER_WORKSPACE);
      batches.push(batch);
      const names = new Set(batch.projects.map((p) => p.name));
      await env.createTenants(batch);
      await crashAt(`provision${r}`, PROJECTS_PER_ROUND, () => env.readyCount(names));
    }
  }, 600_000);

  it(`survives ${DELETE_ROUNDS} kills while ${WORKSPACES_PER_ROUND} workspaces and their projects are deleted, leaving nothing behind`, async () => {
    for (let r = 0; r < DELETE_ROUNDS; r++) {
      const batch = batches[r];
      if (batch === undefined) throw new Error('provisioning rounds did not run');
      const names = new Set(batch.projects.map((p) => p.name));
      const removed = async (): Promise<number> => {
        const list = await env.admin.list<KubeObject>(PROJECT_NETWORKS);
        return names.size - list.items.filter((p) => names.has(p.metadata?.name ?? '')).length;
      };
      await Promise.all(batch.workspaces.map((w) => env.deleteWorkspace(batch, w)));
      await crashAt(`delete${r}`, PROJECTS_PER_ROUND, removed);
      // Converged already means no orphan anywhere; and every one of these projects' networks is gone.
      const objects = await env.checkNow();
      expect(objects.violations).toEqual([]);
      expect(await removed()).toBe(PROJECTS_PER_ROUND);
    }
  }, 600_000);

  it(`survives ${UNLABEL_ROUNDS} kills while projects stop being projects and their namespaces stay: the pool annotation goes before the pool`, async () => {
    for (let r = 0; r < UNLABEL_ROUNDS; r++) {
      const batch = batches[DELETE_ROUNDS + r];
      if (batch === undefined) throw new Error('provisioning rounds did not run');
      const names = new Set(batch.projects.map((p) => p.name));
      const unmarked = async (): Promise<number> => {
        const list = await env.admin.list<KubeObject>(CORE.namespaces);
        return list.items.filter((n) => names.has(n.metadata?.name ?? '') && n.metadata?.annotations?.[POOLS] === undefined).length;
      };
      await Promise.all(batch.projects.map((p) => env.admin.mergePatch(CORE.namespaces, p.name, { metadata: { labels: { 'kubesphere.io/workspace': null } } })));
      await crashAt(`unlabel${r}`, PROJECTS_PER_ROUND, unmarked);
      expect(await unmarked()).toBe(PROJECTS_PER_ROUND);
    }
  }, 600_000);
});
