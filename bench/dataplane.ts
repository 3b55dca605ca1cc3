// make bench-dataplane: how long a toggle takes to hold on packets, on the real test node. For
// connect, disconnect, isolate, open and an intraWorkspace flip of a 10-project workspace: the time
// from the `kubectl tenantnet` call to the first probe (a new TCP connection every few milliseconds)
// that sees the new verdict, split into the CLI (until its object changed in the apiserver), the
// controller (until the last affected NetworkPolicy changed: "policy written") and the enforcer
// (until the probe saw the new verdict: "enforced"). Results in bench/results/dataplane.{json,md}.
//   node_modules/.bin/node --import ./scripts/ts-hooks.js bench/dataplane.ts [--trials=20]
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { KubeClient, type KubeObject } from '../src/kube/kube-client.js';
import { CORE } from '../src/kube/resource.js';
import { PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../src/api/resources.js';
import { NodeCluster } from '../test/harness/node/node-cluster.js';
import { createWorkspace } from '../test/support/core-env.js';
import { startNodeController } from '../test/support/node/node-controller.js';
import { createPodWhenAdmitted, probePodManifest, waitForPodEndpoint } from '../test/support/node/probe-pods.js';
import { startProbeLoop, type ProbeLoop } from '../test/support/node/probe-loop.js';
import { changeKey, startChangeClock, type ChangeClock } from './lib/change-clock.js';
import { percentile } from './lib/waiter.js';

const trials = Number(/--trials=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 20);
const WS = 'lat';
const OTHER_WS = 'oth';
const PROJECTS = Array.from({ length: 10 }, (_, i) => `lat-p${i + 1}`);
const OTHER = 'oth-p1';
const POLICY = 'tenant-network-isolation';
const log = (message: string): void => { process.stdout.write(`[bench-dataplane] ${message}\n`); };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Trial {
  /** The toggled object changed in the apiserver. */
  readonly objectMs: number;
  readonly policyMs: number;
  readonly enforcedMs: number;
}

function cli(kubeconfig: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('node_modules/.bin/node', ['dist/cli/main.js', ...args, `--kubeconfig=${kubeconfig}`], (err, _out, stderr) => {
      if (err === null) resolve();
      else reject(new Error(`kubectl tenantnet ${args.join(' ')}: ${stderr}`));
    });
  });
}

/** One toggle: time it until its object changed, the affected policies changed, and a probe sees `expectOpen`. */
async function trial(ctx: { clock: ChangeClock; kubeconfig: string }, args: readonly string[], object: string, policies: readonly string[], loop: ProbeLoop, expectOpen: boolean): Promise<Trial> {
  const start = performance.now();
  const [, objectAt, policyAt, enforcedAt] = await Promise.all([
    cli(ctx.kubeconfig, args),
    ctx.clock.allChangedAfter([object], start),
    ctx.clock.allChangedAfter(policies.map((ns) => changeKey(CORE.networkPolicies, POLICY, ns)), start),
    loop.until(expectOpen, start),
  ]);
  return { objectMs: objectAt - start, policyMs: policyAt - start, enforcedMs: enforcedAt - start };
}

function summary(values: readonly Trial[]): Record<string, number> {
  const of = (f: (t: Trial) => number): number[] => values.map(f);
  return {
    trials: values.length,
    cliP50Ms: percentile(of((t) => t.objectMs), 50),
    cliP99Ms: percentile(of((t) => t.objectMs), 99),
    controllerP50Ms: percentile(of((t) => t.policyMs - t.objectMs), 50),
    controllerP99Ms: percentile(of((t) => t.policyMs - t.objectMs), 99),
    policyWrittenP50Ms: percentile(of((t) => t.policyMs), 50),
    policyWrittenP99Ms: percentile(of((t) => t.policyMs), 99),
    enforcedAfterPolicyP50Ms: percentile(of((t) => Math.max(0, t.enforcedMs - t.policyMs)), 50),
    enforcedAfterPolicyP99Ms: percentile(of((t) => Math.max(0, t.enforcedMs - t.policyMs)), 99),
    totalP50Ms: percentile(of((t) => t.enforcedMs), 50),
    totalP99Ms: percentile(of((t) => t.enforcedMs), 99),
  };
}

const node = await NodeCluster.start({ progress: log });
try {
  log(`node Ready in ${node.info.startSeconds.toFixed(1)} s`);
  const access = node.plane.access;
  const kubeconfig = access.state.adminKubeconfigPath;
  const admin = await KubeClient.fromKubeConfig(access.adminKubeConfig());
  const controller = await startNodeController(access, node.info);
  await createWorkspace(admin, WS);
  await createWorkspace(admin, OTHER_WS);
  for (const p of PROJECTS) await admin.create(CORE.namespaces, { metadata: { name: p, labels: { 'kubesphere.io/workspace': WS } } });
  await admin.create(CORE.namespaces, { metadata: { name: OTHER, labels: { 'kubesphere.io/workspace': OTHER_WS } } });
  for (const ns of ['lat-p1', 'lat-p2', OTHER]) await createPodWhenAdmitted(admin, probePodManifest(ns));
  const [p1, p2, o1] = [await waitForPodEndpoint(admin, node.info, 'lat-p1'), await waitForPodEndpoint(admin, node.info, 'lat-p2'), await waitForPodEndpoint(admin, node.info, OTHER)];
  for (const p of [...PROJECTS, OTHER]) {
    for (;;) {
      const pjn = await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, p).catch(() => undefined);
      if (pjn?.status?.phase === 'Ready') break;
      await sleep(200);
    }
  }
  await sleep(2000);
  const clock = await startChangeClock(admin, [CORE.networkPolicies, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS]);
  const ctx = { clock, kubeconfig };
  const crossWorkspace = startProbeLoop(p1, o1, 80);
  const inWorkspace = startProbeLoop(p1, p2, 80);
  const results: Record<string, Trial[]> = { connect: [], disconnect: [], isolate: [], open: [], intraDeny: [], intraAllow: [] };
  for (let i = 0; i < trials; i += 1) {
    const connection = changeKey(PROJECT_CONNECTIONS, `lat-p1.${OTHER}`);
    results.connect?.push(await trial(ctx, ['connect', 'lat-p1', OTHER], connection, ['lat-p1', OTHER], crossWorkspace, true));
    results.disconnect?.push(await trial(ctx, ['disconnect', 'lat-p1', OTHER], connection, ['lat-p1', OTHER], crossWorkspace, false));
    results.isolate?.push(await trial(ctx, ['isolate', 'lat-p2'], changeKey(PROJECT_NETWORKS, 'lat-p2'), ['lat-p1', 'lat-p2'], inWorkspace, false));
    results.open?.push(await trial(ctx, ['open', 'lat-p2'], changeKey(PROJECT_NETWORKS, 'lat-p2'), ['lat-p1', 'lat-p2'], inWorkspace, true));
    results.intraDeny?.push(await trial(ctx, ['workspace', WS, '--intra', 'deny'], changeKey(WORKSPACE_NETWORKS, WS), PROJECTS, inWorkspace, false));
    results.intraAllow?.push(await trial(ctx, ['workspace', WS, '--intra', 'allow'], changeKey(WORKSPACE_NETWORKS, WS), PROJECTS, inWorkspace, true));
    log(`trial ${i + 1}/${trials}`);
  }
  clock.stop();
  crossWorkspace.stop();
  inWorkspace.stop();
  await controller.stop();
  await admin.close();
  const toggles = Object.fromEntries(Object.entries(results).map(([name, values]) => [name, summary(values)]));
  const commit = await new Promise<string>((resolve) => { execFile('git', ['rev-parse', '--short', 'HEAD'], (_e, out) => { resolve(out.trim()); }); });
  const result = { scenario: 'dataplane', commit, cpus: cpus().length, enforcer: 'kube-router v2.1.0 (iptables)', probe: 'a new TCP connection to port 80 every ~10 ms from inside the source pod', workspaceProjects: PROJECTS.length, toggles };
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'dataplane.json'), `${JSON.stringify(result, null, 2)}\n`);
  const row = (name: string, s: Record<string, number>): string => `| ${name} | ${s.cliP50Ms} / ${s.cliP99Ms} | ${s.controllerP50Ms} / ${s.controllerP99Ms} | ${s.policyWrittenP50Ms} / ${s.policyWrittenP99Ms} | ${s.enforcedAfterPolicyP50Ms} / ${s.enforcedAfterPolicyP99Ms} | ${s.totalP50Ms} / ${s.totalP99Ms} |`;
  writeFileSync(join(outDir, 'dataplane.md'), [
    `# dataplane: toggle to enforcement on the real node (${cpus().length} cores, commit ${commit}, ${trials} trials each)`,
    '',
    '| toggle | CLI: call to object written p50 / p99 ms | controller: object to last policy written p50 / p99 ms | policy written (from the call) p50 / p99 ms | enforcer: policy to probe verdict p50 / p99 ms | total p50 / p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(toggles).map(([name, s]) => row(name, s)),
    '',
  ].join('\n'));
  for (const [name, s] of Object.entries(toggles)) log(`${name}: ${JSON.stringify(s)}`);
  log('results: bench/results/dataplane.json');
} finally {
  await node.stop();
}
