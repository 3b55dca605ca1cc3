// The QingCloud provider at realistic speed: the controller as a separate process (`src/cmd/main.ts`,
// configured through QINGCLOUD_* like the demo) against the QingCloud API simulator with
// multi-second jobs, on a fresh local apiserver. Measures how long N projects take to become Ready
// and how many API calls that costs per project (counted by the simulator), then the same for
// deleting them, plus the controller's peak RSS and CPU time.
//   node_modules/.bin/node --import ./scripts/ts-hooks.js bench/qingcloud.ts --scenario=qingcloud-500
//     [--workspaces=N] [--projects=N (per workspace)] [--calls-per-hour=1000000] [--concurrency=8]
// Scenarios: qingcloud-500 (20 × 25, 2 s jobs), qingcloud-100 (10 × 10, 2–5 s jobs), qingcloud-3x4.
// `--calls-per-hour=2000` applies the documented default account quota (then the budget, not the
// jobs, sets the pace).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ProjectNetwork } from '../src/api/project-network.js';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../src/api/resources.js';
import { Informer } from '../src/kube/informer.js';
import { KubeClient, type KubeObject } from '../src/kube/kube-client.js';
import { CORE } from '../src/kube/resource.js';
import { LocalControlPlane } from '../test/harness/control-plane.js';
import { freePort } from '../test/harness/ports.js';
import { startQingCloudSimulator } from '../test/qingcloud-sim/server.js';
import { CRD_FILES } from '../test/support/crd-paths.js';
import { ControllerProcess } from './lib/controller-process.js';
import { cpuSeconds, peakRssMiB } from './lib/process-stats.js';
import { createTenants, runBounded, type Shape } from './lib/tenants.js';
import { waitForCache } from './lib/waiter.js';

/** Job lengths of the simulator: pending 0.5 s, then working — 2.5 s to 5 s in all per job. */
const VARIED_TIMINGS = {
  jobPendingMs: 500,
  jobWorkingMs: { CreateRouters: 4500, DeleteRouters: 3000, JoinRouter: 2500, LeaveRouter: 2000 },
  leaseWindowMs: 5000,
};

/** Every job takes 2 s (0.5 s pending, 1.5 s working). */
const TWO_SECOND_TIMINGS = {
  jobPendingMs: 500,
  jobWorkingMs: { CreateRouters: 1500, DeleteRouters: 1500, JoinRouter: 1500, LeaveRouter: 1500 },
  leaseWindowMs: 5000,
};

interface Scenario {
  readonly workspaces: number;
  readonly projectsPerWorkspace: number;
  readonly timings: typeof VARIED_TIMINGS;
  readonly jobs: string;
}

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'qingcloud-500': { workspaces: 20, projectsPerWorkspace: 25, timings: TWO_SECOND_TIMINGS, jobs: '2 s' },
  'qingcloud-100': { workspaces: 10, projectsPerWorkspace: 10, timings: VARIED_TIMINGS, jobs: '2.5-5 s' },
  'qingcloud-3x4': { workspaces: 3, projectsPerWorkspace: 4, timings: VARIED_TIMINGS, jobs: '2.5-5 s' },
};

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'qingcloud-100' },
    workspaces: { type: 'string' },
    projects: { type: 'string' },
    'calls-per-hour': { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '8' },
  },
  strict: true,
});
function pickScenario(name: string): Scenario {
  const found = SCENARIOS[name];
  if (found === undefined) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  return found;
}
const base = pickScenario(values.scenario);
const shape: Shape = {
  prefix: 'qc',
  workspaces: Number(values.workspaces ?? base.workspaces),
  projectsPerWorkspace: Number(values.projects ?? base.projectsPerWorkspace),
};
const callsPerHour = Number(values['calls-per-hour']);
const concurrency = Number(values.concurrency);
const total = shape.workspaces * shape.projectsPerWorkspace;
const log = (message: string): void => { process.stdout.write(`[bench:qingcloud] ${message}\n`); };

function countByAction(calls: readonly { action: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[c.action] = (counts[c.action] ?? 0) + 1;
  return counts;
}

async function main(): Promise<void> {
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const custom = values.workspaces !== undefined || values.projects !== undefined;
  const name = `${custom ? `qingcloud-${shape.workspaces}x${shape.projectsPerWorkspace}` : values.scenario}${callsPerHour <= 100_000 ? `-${callsPerHour}ph` : ''}`;
  log(`${name}: ${shape.workspaces} workspaces x ${shape.projectsPerWorkspace} projects = ${total}; jobs ${base.jobs}; budget ${callsPerHour} calls/h; concurrency ${concurrency}`);

  const sim = await startQingCloudSimulator({ seed: 11, timings: base.timings, quotas: { router: Math.max(20, shape.workspaces), vxnet: Math.max(200, total) } });
  const plane = await LocalControlPlane.start();
  const configDir = mkdtempSync(join(tmpdir(), 'tnc-qc-bench-'));
  let controller: ControllerProcess | undefined;
  try {
    await plane.access.installCrds([CRD_FILES.workspaceNetworks, CRD_FILES.projectNetworks, CRD_FILES.projectConnections, CRD_FILES.kubesphereWorkspaces]);
    const admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig(), { connections: 16 });
    await admin.create(CORE.namespaces, { metadata: { name: 'bench-system' } });
    const configPath = join(configDir, 'config.json');
    // No hostnic beside the simulator: its per-pod annotation mode needs nothing in the cluster.
    writeFileSync(configPath, JSON.stringify({ qingcloud: { callsPerHour, hostnicMode: 'annotation' } }));

    const pjns = new Informer<ProjectNetwork & KubeObject>({ client: admin, type: PROJECT_NETWORKS });
    pjns.start();
    await pjns.waitForSync();
    const readyCount = (): number => pjns.list().filter((p) => p.status?.phase === 'Ready').length;

    const probePort = await freePort();
    controller = ControllerProcess.start({
      kubeconfigPath: plane.kubeconfigPath,
      namespace: 'bench-system',
      probePort,
      logPath: join(outDir, `${name}-controller.log`),
      env: {
        TNC_PROVIDER: 'qingcloud',
        TNC_CONFIG: configPath,
        TNC_CONCURRENCY: String(concurrency),
        QINGCLOUD_ENDPOINT: sim.endpoint,
        QINGCLOUD_ZONE: sim.zone,
        QINGCLOUD_ACCESS_KEY_ID: sim.accessKeyId,
        QINGCLOUD_SECRET_ACCESS_KEY: sim.secretAccessKey,
      },
    });
    await controller.waitReady(probePort);
    sim.resetCalls();

    const started = performance.now();
    await createTenants(admin, shape, { workspaces: true });
    await waitForCache(pjns, () => readyCount() === total, 3_600_000);
    const provisionSeconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 3000)); // follow-up reconciles, counted too
    const provisionCalls = sim.calls();
    const state = sim.state();
    log(`provisioned ${total} projects in ${provisionSeconds.toFixed(1)} s: ${provisionCalls.length} API calls = ${(provisionCalls.length / total).toFixed(2)} per project`);
    log(`  by action ${JSON.stringify(countByAction(provisionCalls))}`);
    log(`  simulator: ${state.routers.length} routers, ${state.vxnets.filter((v) => v.routerId !== undefined).length} joined vxnets`);

    sim.resetCalls();
    const deleteStarted = performance.now();
    const namespaces = Array.from({ length: shape.workspaces }, (_, w) => Array.from({ length: shape.projectsPerWorkspace }, (_, p) => `${shape.prefix}-ws${w}-p${p}`)).flat();
    await runBounded(32, namespaces.map((ns) => async () => {
      await admin.delete(CORE.namespaces, ns);
      // No namespace controller runs here: finish the namespace deletion as it would.
      const live = await admin.get<KubeObject & { spec?: { finalizers?: string[] } }>(CORE.namespaces, ns).catch(() => undefined);
      if (live !== undefined) await admin.request('PUT', `/api/v1/namespaces/${ns}/finalize`, { body: { ...live, spec: { finalizers: [] } } }).catch(() => undefined);
    }));
    await runBounded(16, Array.from({ length: shape.workspaces }, (_, w) => () => admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${shape.prefix}-ws${w}`)));
    for (;;) {
      const left = (await admin.list(WORKSPACE_NETWORKS)).items.length + (await admin.list(PROJECT_NETWORKS)).items.length;
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const deleteSeconds = (performance.now() - deleteStarted) / 1000;
    const deleteCalls = sim.calls();
    const after = sim.state();
    const liveRouters = after.routers.filter((r) => r.status !== 'deleted' && r.status !== 'ceased').length;
    log(`deleted in ${deleteSeconds.toFixed(1)} s: ${deleteCalls.length} API calls = ${(deleteCalls.length / total).toFixed(2)} per project; left: ${liveRouters} routers, ${after.vxnets.length} vxnets`);
    log(`  by action ${JSON.stringify(countByAction(deleteCalls))}`);

    const rss = peakRssMiB(controller.pid);
    const cpu = cpuSeconds(controller.pid);
    const result = {
      scenario: name,
      workspaces: shape.workspaces,
      projects: total,
      jobTimings: base.timings,
      callsPerHour,
      concurrency,
      wallSeconds: Math.round((provisionSeconds + deleteSeconds) * 10) / 10,
      provisionSeconds: Math.round(provisionSeconds * 10) / 10,
      provisionCalls: provisionCalls.length,
      callsPerProject: Math.round((provisionCalls.length / total) * 100) / 100,
      callsByAction: countByAction(provisionCalls),
      deleteSeconds: Math.round(deleteSeconds * 10) / 10,
      deleteCalls: deleteCalls.length,
      deleteCallsByAction: countByAction(deleteCalls),
      leftRouters: liveRouters,
      leftVxnets: after.vxnets.length,
      peakRssMiB: rss,
      cpuSeconds: cpu,
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      commit: gitCommit(),
      date: new Date().toISOString(),
    };
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(outDir, `${name}.md`), [
      `# ${name}: ${total} projects (${shape.workspaces} workspaces × ${shape.projectsPerWorkspace}), jobs ${base.jobs} (${result.machine.cores} cores, commit ${result.commit})`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| provision: all Ready | ${result.provisionSeconds} s |`,
      `| provision: API calls per project | ${result.callsPerProject} (${provisionCalls.length} in all) |`,
      `| provision: calls by action | ${Object.entries(result.callsByAction).map(([a, n]) => `${a} ${n}`).join(', ')} |`,
      `| delete: all gone | ${result.deleteSeconds} s, ${deleteCalls.length} calls (${Object.entries(result.deleteCallsByAction).map(([a, n]) => `${a} ${n}`).join(', ')}) |`,
      `| left in the account | ${liveRouters} routers, ${after.vxnets.length} vxnets |`,
      `| wall (provision + delete) | ${result.wallSeconds} s |`,
      `| controller peak RSS / CPU | ${rss} MiB / ${cpu} s |`,
      `| budget / worker concurrency | ${callsPerHour} calls/h / ${concurrency} |`,
      '',
    ].join('\n'));
    log(`results: bench/results/${name}.json`);
    await controller.stop();
    controller = undefined;
    await pjns.stop();
    await admin.close();
  } finally {
    await controller?.stop();
    await plane.stop();
    await sim.stop();
    rmSync(configDir, { recursive: true, force: true });
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
