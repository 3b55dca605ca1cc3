// make bench / make bench-quick: the scale scenario against a real local apiserver, with the
// controller as a separate process, measured against a baseline writer in the same run.
//   node_modules/.bin/node --import ./scripts/ts-hooks.js bench/run.ts --scenario=calico-20k|calico-5k|calico-1k|quick
// --cold-only skips the baseline and everything after cold convergence (for profiling runs);
// BENCH_NODE_FLAGS adds Node flags to the controller (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
// --heap-snapshot=DIR (with --cold-only) writes the converged controller's heap there, for
// bench/heap-summary.ts.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_CONNECTIONS, WORKSPACE_NETWORKS } from '../src/api/resources.js';
import { KubeClient, type KubeObject } from '../src/kube/kube-client.js';
import { CORE } from '../src/kube/resource.js';
import { LocalControlPlane } from '../test/harness/control-plane.js';
import { freePort } from '../test/harness/ports.js';
import { ALL_CRD_FILES } from '../test/support/crd-paths.js';
import { requestTotals, writesBetween } from './lib/apiserver-metrics.js';
import { runBaseline } from './lib/baseline.js';
import { BENCH_NAMESPACE, startTenantPlane } from './lib/bench-plane.js';
import { ControllerProcess } from './lib/controller-process.js';
import { startObserver, type Observer } from './lib/observer.js';
import { cpuSeconds, peakRssMiB } from './lib/process-stats.js';
import { createTenants, projectName, runBounded, workspaceName, type Shape } from './lib/tenants.js';
import { percentile, waitForCache } from './lib/waiter.js';

interface Scenario {
  readonly name: string;
  readonly workspaces: number;
  readonly projectsPerWorkspace: number;
  readonly idleSeconds: number;
  readonly restartObserveSeconds: number;
  readonly trials: number;
  /** Further controller settings (800 workspaces need smaller VPCs than the default /16). */
  readonly env?: Readonly<Record<string, string>>;
}

const SCENARIOS: Record<string, Scenario> = {
  quick: { name: 'quick', workspaces: 4, projectsPerWorkspace: 5, idleSeconds: 5, restartObserveSeconds: 5, trials: 3 },
  'calico-1k': { name: 'calico-1k', workspaces: 40, projectsPerWorkspace: 25, idleSeconds: 60, restartObserveSeconds: 30, trials: 20 },
  'calico-5k': { name: 'calico-5k', workspaces: 200, projectsPerWorkspace: 25, idleSeconds: 300, restartObserveSeconds: 60, trials: 20 },
  // 10.0.0.0/8 holds 256 /16 VPCs, and 1,024 /18s: each /18 still holds 64 /24 subnets.
  'calico-20k': { name: 'calico-20k', workspaces: 800, projectsPerWorkspace: 25, idleSeconds: 300, restartObserveSeconds: 60, trials: 20, env: { TNC_VPC_PREFIX_LENGTH: '18' } },
};

const CONCURRENCY = 8;
// 200 workspaces need more than the default pool's 64 /16 VPCs (10.128.0.0/10).
const CONTROLLER_ENV = { TNC_CONCURRENCY: String(CONCURRENCY), TNC_VPC_POOL: '10.0.0.0/8' };
const log = (message: string): void => { process.stdout.write(`[bench] ${message}\n`); };
// Lease renewals are expected; endpoints are the apiserver's own writes (its service endpoints).
const notLeases = (resource: string): boolean => resource === 'leases' || resource === 'endpoints' || resource === 'endpointslices';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Signals the controller to write a heap snapshot and waits until the file stops growing. */
async function heapSnapshot(pid: number, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const existing = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  let lastSize = -1;
  // A 20,000-project heap is written in well under a minute; a missing file means the flag was lost.
  for (const deadline = Date.now() + 300_000; Date.now() < deadline;) {
    await sleep(1000);
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !existing.has(f));
    if (file === undefined) continue;
    const size = statSync(join(dir, file)).size;
    if (size > 0 && size === lastSize) return join(dir, file);
    lastSize = size;
  }
  throw new Error(`no finished heap snapshot in ${dir} after 5 minutes`);
}

const FLOOR_LABEL = 'bench.tenant-network/floor';

/**
 * What a toggle cannot beat on this apiserver: a workspace's policies written again (server-side
 * apply of each as it stands, one label changed) by a plain client with the controller's
 * concurrency, until the watch shows them all. The controller sees these writes too, and writes
 * nothing back (the label is not one it renders).
 */
async function measureToggleFloor(admin: KubeClient, policies: Observer['policies'], shape: Shape, scenario: Scenario): Promise<number[]> {
  const floors: number[] = [];
  for (let t = 0; t < scenario.trials; t++) {
    const w = t % scenario.workspaces;
    const keys = Array.from({ length: scenario.projectsPerWorkspace }, (_, p) => `${projectName(shape, w, p)}/tenant-network-isolation`);
    const stamp = `t${t}`;
    const started = performance.now();
    await runBounded(CONCURRENCY, keys.map((key) => () => {
      const live = policies.get(key);
      if (live?.metadata === undefined) throw new Error(`policy ${key} is not there`);
      const { name, namespace, labels, ownerReferences } = live.metadata;
      return admin.apply(CORE.networkPolicies, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace, labels: { ...labels, [FLOOR_LABEL]: stamp }, ownerReferences }, spec: live.spec } as KubeObject);
    }));
    await waitForCache(policies, () => keys.every((key) => policies.get(key)?.metadata?.labels?.[FLOOR_LABEL] === stamp), 60_000);
    floors.push(performance.now() - started);
  }
  return floors;
}

/** The same objects written by a plain client on a fresh control plane. */
async function measureBaseline(scenario: Scenario): Promise<{ seconds: number; writes: number }> {
  const baselinePlane = await LocalControlPlane.start();
  const baselineShape: Shape = { prefix: 'base', workspaces: scenario.workspaces, projectsPerWorkspace: scenario.projectsPerWorkspace };
  try {
    await baselinePlane.access.installCrds(ALL_CRD_FILES);
    const client = await KubeClient.fromKubeConfig(baselinePlane.access.adminKubeConfig(), { connections: 16 });
    await createTenants(client, baselineShape, { workspaces: false });
    const observer = await startObserver(client);
    const result = await runBaseline(client, baselineShape, { workspaces: 2, projects: CONCURRENCY });
    await observer.stop();
    await client.close();
    return result;
  } finally {
    await baselinePlane.stop();
  }
}

async function main(): Promise<void> {
  const scenarioName = process.argv.find((a) => a.startsWith('--scenario='))?.split('=')[1] ?? 'quick';
  const scenario = SCENARIOS[scenarioName];
  if (scenario === undefined) throw new Error(`unknown scenario ${scenarioName}: ${Object.keys(SCENARIOS).join(', ')}`);
  const projects = scenario.workspaces * scenario.projectsPerWorkspace;
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  log(`scenario ${scenario.name}: ${scenario.workspaces} workspaces x ${scenario.projectsPerWorkspace} projects = ${projects}`);

  const coldOnly = process.argv.includes('--cold-only');
  const snapshotDir = process.argv.find((a) => a.startsWith('--heap-snapshot='))?.split('=')[1];
  const nodeFlags = [
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== ''),
    ...(snapshotDir === undefined ? [] : ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`]),
  ];
  const baseline = coldOnly ? { seconds: Number.NaN, writes: 0 } : await measureBaseline(scenario);
  log(`baseline: ${baseline.writes} writes in ${baseline.seconds.toFixed(1)} s`);

  const shape: Shape = { prefix: 'ten', workspaces: scenario.workspaces, projectsPerWorkspace: scenario.projectsPerWorkspace };
  const { plane, admin } = await startTenantPlane(shape);
  let controller: ControllerProcess | undefined;
  try {
    log(`created ${projects} namespaces`);

    const observer = await startObserver(admin);
    const { projectNetworks: pjns, policies } = observer;
    const readyCount = (): number => observer.readyCount();

    const probePort = await freePort();
    const before = await requestTotals(admin);
    const env = { ...CONTROLLER_ENV, ...scenario.env };
    const cold = ControllerProcess.start({ kubeconfigPath: plane.kubeconfigPath, namespace: BENCH_NAMESPACE, probePort, logPath: join(outDir, `${scenario.name}-controller.log`), env, nodeFlags });
    controller = cold;
    // From process start (start-up and cache sync included) until every project network is Ready.
    await waitForCache(pjns, () => readyCount() === projects, 1_800_000);
    const coldMs = performance.now() - cold.startedAt;
    await sleep(2000);
    const convergence = writesBetween(before, await requestTotals(admin), notLeases);
    log(`cold convergence: ${(coldMs / 1000).toFixed(1)} s, ${convergence.total} writes (${(convergence.total / projects).toFixed(2)} per project)`);
    if (coldOnly) {
      log(`controller so far: peak RSS ${peakRssMiB(cold.pid)} MiB, CPU ${cpuSeconds(cold.pid)} s`);
      if (snapshotDir !== undefined) log(`heap snapshot: ${await heapSnapshot(cold.pid, snapshotDir)}`);
      return;
    }

    const idleBefore = await requestTotals(admin);
    await sleep(scenario.idleSeconds * 1000);
    const idle = writesBetween(idleBefore, await requestTotals(admin), notLeases);
    log(`idle ${scenario.idleSeconds} s: ${idle.total} writes besides leases`);

    // intraWorkspace toggles: every policy of the workspace must change.
    const toggles: number[] = [];
    for (let t = 0; t < scenario.trials; t++) {
      const w = t % scenario.workspaces;
      const ws = workspaceName(shape, w);
      const deny = Math.floor(t / scenario.workspaces) % 2 === 0;
      const selector = `"sdn.kubesphere.io/workspace":"${ws}"`;
      const members = Array.from({ length: scenario.projectsPerWorkspace }, (_, p) => projectName(shape, w, p));
      const started = performance.now();
      await admin.mergePatch(WORKSPACE_NETWORKS, ws, { spec: { intraWorkspace: deny ? 'Deny' : 'Allow' } });
      await waitForCache(policies, () => members.every((m) => JSON.stringify(policies.get(`${m}/tenant-network-isolation`)?.spec ?? '').includes(selector) !== deny), 60_000);
      toggles.push(performance.now() - started);
    }
    log(`toggle latency p50 ${percentile(toggles, 50)} ms, p99 ${percentile(toggles, 99)} ms`);
    const floors = await measureToggleFloor(admin, policies, shape, scenario);
    log(`toggle floor (the same policy writes from a plain client) p50 ${percentile(floors, 50)} ms, p99 ${percentile(floors, 99)} ms`);

    // Cross-workspace connections: both ends' policies must name the other end.
    const connections: number[] = [];
    for (let t = 0; t < scenario.trials; t++) {
      const a = projectName(shape, t % scenario.workspaces, 0);
      const b = projectName(shape, (t + 1) % scenario.workspaces, 1);
      const name = `bench-c${t}`;
      const mentions = (ns: string, other: string): boolean => JSON.stringify(policies.get(`${ns}/tenant-network-isolation`)?.spec ?? '').includes(`"${other}"`);
      const started = performance.now();
      await admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name }, spec: { from: { project: a }, to: { project: b } } } as KubeObject);
      await waitForCache(policies, () => mentions(a, b) && mentions(b, a), 60_000);
      connections.push(performance.now() - started);
      await admin.delete(PROJECT_CONNECTIONS, name);
      await waitForCache(policies, () => !mentions(a, b) && !mentions(b, a), 60_000);
    }
    log(`connection latency p50 ${percentile(connections, 50)} ms, p99 ${percentile(connections, 99)} ms`);

    const rss = peakRssMiB(controller.pid);
    const cpu = cpuSeconds(controller.pid);
    // The control plane's own share, so the controller's is clear: [etcd, kube-apiserver].
    const [etcdPid, apiserverPid] = plane.pids();
    const planeRss = { etcd: etcdPid === undefined ? 0 : peakRssMiB(etcdPid), apiserver: apiserverPid === undefined ? 0 : peakRssMiB(apiserverPid) };
    await controller.stop();

    const restartBefore = await requestTotals(admin);
    controller = ControllerProcess.start({ kubeconfigPath: plane.kubeconfigPath, namespace: BENCH_NAMESPACE, probePort, logPath: join(outDir, `${scenario.name}-controller.log`), env, nodeFlags });
    const restartReadyMs = await controller.waitReady(probePort);
    await sleep(scenario.restartObserveSeconds * 1000);
    const restart = writesBetween(restartBefore, await requestTotals(admin), notLeases);
    log(`restart: ready in ${(restartReadyMs / 1000).toFixed(1)} s, ${restart.total} writes besides leases in ${scenario.restartObserveSeconds} s`);
    await controller.stop();
    controller = undefined;
    await observer.stop();
    await admin.close();

    const coldConvergenceSeconds = Math.round(coldMs / 100) / 10;
    const result = {
      scenario: scenario.name,
      projects,
      workspaces: scenario.workspaces,
      coldConvergenceSeconds,
      baselineSeconds: Math.round(baseline.seconds * 10) / 10,
      ratio: Math.round((coldMs / 1000 / baseline.seconds) * 100) / 100,
      writesPerProject: Math.round((convergence.total / projects) * 100) / 100,
      writesByResource: convergence.byKey,
      baselineWritesPerProject: Math.round((baseline.writes / projects) * 100) / 100,
      idleSeconds: scenario.idleSeconds,
      idleWrites: idle.total,
      idleWritesByResource: idle.byKey,
      restartWrites: restart.total,
      restartWritesByResource: restart.byKey,
      restartReadySeconds: Math.round(restartReadyMs / 100) / 10,
      toggleP50Ms: percentile(toggles, 50),
      toggleP99Ms: percentile(toggles, 99),
      toggleFloorP50Ms: percentile(floors, 50),
      toggleFloorP99Ms: percentile(floors, 99),
      connectionP50Ms: percentile(connections, 50),
      connectionP99Ms: percentile(connections, 99),
      peakRssMiB: rss,
      cpuSeconds: cpu,
      apiserverPeakRssMiB: planeRss.apiserver,
      etcdPeakRssMiB: planeRss.etcd,
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
      date: new Date().toISOString(),
    };
    writeFileSync(join(outDir, `${scenario.name}.json`), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(outDir, `${scenario.name}.md`), [
      `# ${scenario.name}: ${projects} projects (${result.machine.cores} cores, commit ${result.commit})`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| cold convergence | ${coldConvergenceSeconds} s (baseline ${result.baselineSeconds} s, ratio ${result.ratio}) |`,
      `| writes per project | ${result.writesPerProject} (baseline ${result.baselineWritesPerProject}) |`,
      `| idle writes (${scenario.idleSeconds} s, besides leases) | ${result.idleWrites} |`,
      `| restart: ready / writes | ${result.restartReadySeconds} s / ${result.restartWrites} |`,
      `| toggle p50 / p99 | ${result.toggleP50Ms} / ${result.toggleP99Ms} ms |`,
      `| toggle floor p50 / p99 (the same writes, plain client) | ${result.toggleFloorP50Ms} / ${result.toggleFloorP99Ms} ms |`,
      `| connection p50 / p99 | ${result.connectionP50Ms} / ${result.connectionP99Ms} ms |`,
      `| controller peak RSS / CPU | ${result.peakRssMiB} MiB / ${result.cpuSeconds} s |`,
      `| kube-apiserver / etcd peak RSS | ${result.apiserverPeakRssMiB} / ${result.etcdPeakRssMiB} MiB |`,
      '',
    ].join('\n'));
    log(`results: bench/results/${scenario.name}.json`);
  } finally {
    await controller?.stop();
    await plane.stop();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
