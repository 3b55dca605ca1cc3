// `make demo`: the whole product on this machine. Starts the local control plane, installs the CRDs,
// starts the QingCloud API simulator (or uses Calico) and the controller in the background (logs in
// .local/), creates two workspaces with projects, shows their VPCs and subnets appear, toggles a
// connection and an isolation with `kubectl tenantnet`, and then waits for Ctrl-C, which stops
// everything it started. SIGTERM and SIGHUP (a closed terminal) do the same; what a demo killed
// outright leaves behind, the next one stops. TNC_LOCAL_DIR moves .local/ (the tests' own copy).
//
//   node_modules/.bin/node --import ./scripts/ts-hooks.js scripts/demo.ts [--provider=qingcloud|calico]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createStyle, type Style } from '../src/cli/render/style.js';
import { isAlreadyExists, isNotFound } from '../src/kube/api-error.js';
import { WORKSPACE_NETWORKS } from '../src/api/resources.js';
import { KubeClient, type KubeObject } from '../src/kube/kube-client.js';
import { CORE } from '../src/kube/resource.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, POD_WEBHOOK_PATH, renderMutatingWebhookConfiguration } from '../src/webhook/webhook-configuration.js';
import { errorMessage } from '../src/util/errors.js';
import { ClusterAccess } from '../test/harness/cluster-access.js';
import { ALL_CRD_FILES } from '../test/support/crd-paths.js';
import { BackgroundProcess, runToCompletion, signalGroup } from './demo-processes.js';
import { waitForController, waitForEnforcement, watchProvisioning, type WatchContext } from './demo-progress.js';
import { CLUSTER_MARKER, DemoBusyError, judgeClusterPid, ProcessRecord, probeProcess, reapLeftovers } from './demo-record.js';
import { surviveClosedTerminal } from './demo-terminal.js';

const ROOT = resolve(import.meta.dirname, '..');
const LOCAL = process.env.TNC_LOCAL_DIR ?? join(ROOT, '.local');
const CLUSTER_PID_FILE = join(LOCAL, 'cluster.pid');
const DEMO_DIR = join(LOCAL, 'demo');
const BIN = join(LOCAL, 'bin');
const KUBECONFIG = join(LOCAL, 'kubeconfig');
const NODE = join(ROOT, 'node_modules/.bin/node');
const CONTROLLER_NAMESPACE = 'tenant-network-system';
/** kubectl's discovery cache, kept in the repository rather than ~/.kube/cache. */
const KUBECTL_ENV = { KUBECONFIG, KUBECACHEDIR: join(LOCAL, 'kube-cache'), PATH: `${BIN}:${process.env.PATH ?? ''}` };

const TENANTS: Readonly<Record<string, readonly string[]>> = {
  retail: ['retail-web', 'retail-api', 'retail-db'],
  finance: ['finance-ledger', 'finance-reports'],
};
const WORKSPACES = Object.keys(TENANTS);
const PROJECTS = Object.values(TENANTS).flat();

type Provider = 'qingcloud' | 'calico';

const tty = process.stdout.isTTY;
const style: Style = createStyle(tty && (process.env.NO_COLOR ?? '') === '');
const write = (text: string): void => { process.stdout.write(text); };
const say = (text = ''): void => { write(`${text}\n`); };
let stepNumber = 0;
const STEPS = 8;
const step = (title: string): void => {
  stepNumber++;
  say();
  say(style.paint('bold', `[${stepNumber}/${STEPS}] ${title}`));
};
const note = (text: string): void => { say(`  ${text}`); };

class DemoError extends Error {}

function parseProvider(argv: readonly string[]): Provider {
  const value = argv.find((a) => a.startsWith('--provider='))?.slice('--provider='.length) ?? 'qingcloud';
  if (value !== 'qingcloud' && value !== 'calico') throw new DemoError(`unknown provider ${JSON.stringify(value)}: use qingcloud (the default) or calico`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => { resolvePort(typeof address === 'object' && address !== null ? address.port : 0); });
    });
  });
}

/** Throws once the demo is stopping, so no new process starts while the clean-up runs. */
function checkpoint(): void {
  if (stop.signal.aborted) throw new Error('interrupted');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Everything started so far, stopped in reverse order. */
const cleanups: { name: string; run: () => Promise<void> }[] = [];
const stop = new AbortController();

function clusterPid(): number | undefined {
  if (!existsSync(CLUSTER_PID_FILE)) return undefined;
  const pid = Number(readFileSync(CLUSTER_PID_FILE, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** A control plane that runs (from make cluster-up) stops the demo; a pid file of one that is gone is removed. */
function checkNoClusterRunning(): void {
  const verdict = judgeClusterPid(clusterPid(), probeProcess);
  if (verdict.kind === 'running') {
    throw new DemoError(`a local control plane is already running (pid ${verdict.pid}, from make cluster-up). The demo starts and stops its own: run \`make cluster-down\`, then \`make demo\` again.`);
  }
  if (verdict.kind === 'stale') {
    rmSync(CLUSTER_PID_FILE, { force: true });
    note(`removed a stale cluster.pid (${verdict.why})`);
  }
}

async function startControlPlane(record: ProcessRecord): Promise<void> {
  step('Local control plane (etcd + kube-apiserver, state in .local/)');
  checkNoClusterRunning();
  note('control-plane binaries (built from the Go module proxy on the first run; several minutes on 2 cores)…');
  const built = await runToCompletion('bash', [join(ROOT, 'test/tools/build-binaries.sh')], { inheritStderr: true });
  if (built.code !== 0) throw new DemoError('building the control-plane binaries failed (see the output above)');
  checkpoint();
  // `cluster.sh up` leaves the control plane running in its process group: stopped in order by
  // `cluster.sh down`, then anything left in the group (an interrupted start) is killed.
  let group: number | undefined;
  cleanups.push({
    name: 'control plane',
    run: async () => {
      const down = await runToCompletion('bash', [join(ROOT, 'scripts/cluster.sh'), 'down'], { detached: true });
      if (group !== undefined) signalGroup(group, 'SIGKILL');
      note(down.stdout.trim() || down.stderr.trim());
    },
  });
  // Its own process group: Ctrl-C reaches only this driver, which stops the cluster last.
  const up = await runToCompletion('bash', [join(ROOT, 'scripts/cluster.sh'), 'up'], { detached: true, onSpawn: (pid) => { group = pid; } });
  if (up.code !== 0) throw new DemoError(`the control plane did not start:\n${up.stdout}${up.stderr}`);
  const pid = clusterPid();
  if (pid !== undefined) record.add({ name: 'control plane', pid, marker: CLUSTER_MARKER, ...(group === undefined ? {} : { group }) });
  note(up.stdout.split('\n')[0] ?? '');
}

async function installCrds(client: KubeClient): Promise<void> {
  step('CustomResourceDefinitions');
  const names = await ClusterAccess.fromFile(join(LOCAL, 'cluster.json')).installCrds(ALL_CRD_FILES);
  note(`installed ${names.join(', ')}`);
  try {
    await client.create(CORE.namespaces, { metadata: { name: CONTROLLER_NAMESPACE } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

async function stopAndSay(process: BackgroundProcess, name: string): Promise<void> {
  await process.stop();
  note(`${name} stopped`);
}

async function startSimulator(record: ProcessRecord): Promise<Record<string, string>> {
  step('QingCloud API simulator');
  const logPath = join(DEMO_DIR, 'qingcloud-sim.log');
  rmSync(logPath, { force: true });
  checkpoint();
  const sim = BackgroundProcess.start('qingcloud-sim', NODE, [join(ROOT, 'test/qingcloud-sim/main.ts'), '--port', '0', '--seed', `${Date.now() % 100000}`], { logPath });
  if (sim.pid !== undefined) record.add({ name: 'QingCloud simulator', pid: sim.pid, marker: 'qingcloud-sim' });
  cleanups.push({ name: 'QingCloud simulator', run: () => stopAndSay(sim, 'QingCloud simulator') });
  for (let i = 0; i < 300; i++) {
    const lines = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n') : [];
    const env = Object.fromEntries(lines.filter((l) => l.startsWith('QINGCLOUD_')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (env.QINGCLOUD_SECRET_ACCESS_KEY !== undefined) {
      note(`serving the QingCloud API at ${env.QINGCLOUD_ENDPOINT ?? '?'} (zone ${env.QINGCLOUD_ZONE ?? '?'}; pid ${sim.pid ?? '?'}; log .local/demo/qingcloud-sim.log)`);
      note(style.paint('dim', 'it checks signatures, runs jobs with delays (routers take ~3 s) and enforces quotas like the real API'));
      return env;
    }
    if (!sim.running) break;
    await sleep(100);
  }
  throw new DemoError(`the simulator did not start; see ${logPath}`);
}

/**
 * The pod webhook as the chart installs it, but called by URL on loopback (no Service here): the
 * controller issues its certificate for 127.0.0.1 and fills in the caBundle itself.
 */
async function installWebhookConfiguration(client: KubeClient, port: number): Promise<void> {
  const configuration = renderMutatingWebhookConfiguration({ name: 'tenant-network-controller', clientConfig: { url: `https://127.0.0.1:${port}${POD_WEBHOOK_PATH}` } });
  await client.delete(MUTATING_WEBHOOK_CONFIGURATIONS, 'tenant-network-controller').catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
  await client.create(MUTATING_WEBHOOK_CONFIGURATIONS, configuration);
}

async function startController(provider: Provider, qingcloudEnv: Record<string, string>, record: ProcessRecord, webhookPort: number): Promise<number> {
  step(`The controller (provider ${provider})`);
  const logPath = join(DEMO_DIR, 'controller.log');
  rmSync(logPath, { force: true });
  const probePort = await freePort();
  // No hostnic runs here (no VxNetPool to add vxnets to): its older per-pod annotation mode, which
  // the webhook stamps, needs nothing in the cluster.
  const configPath = join(DEMO_DIR, 'controller-config.json');
  writeFileSync(configPath, `${JSON.stringify({ qingcloud: { hostnicMode: 'annotation' } }, null, 2)}\n`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...qingcloudEnv,
    ...(provider === 'qingcloud' ? { TNC_CONFIG: configPath } : {}),
    KUBECONFIG,
    TNC_PROVIDER: provider,
    POD_NAMESPACE: CONTROLLER_NAMESPACE,
    TNC_LEADER_ELECTION: 'false',
    TNC_PROBE_PORT: `${probePort}`,
    TNC_WEBHOOK_ENABLED: 'true',
    TNC_WEBHOOK_PORT: `${webhookPort}`,
    TNC_WEBHOOK_IP_ADDRESSES: '127.0.0.1',
    TNC_WEBHOOK_ANNOTATION_SETS: 'kubernetes,calico',
  };
  checkpoint();
  const controller = BackgroundProcess.start('controller', NODE, ['--import', join(ROOT, 'scripts/ts-hooks.js'), join(ROOT, 'src/cmd/main.ts')], { logPath, env });
  if (controller.pid !== undefined) record.add({ name: 'controller', pid: controller.pid, marker: 'src/cmd/main.ts' });
  cleanups.push({ name: 'controller', run: () => stopAndSay(controller, 'controller') });
  for (let i = 0; i < 600; i++) {
    const ready = await fetch(`http://127.0.0.1:${probePort}/readyz`).then((r) => r.ok, () => false);
    if (ready) {
      note(`running (pid ${controller.pid ?? '?'}; log .local/demo/controller.log; metrics http://127.0.0.1:${probePort}/metrics)`);
      return probePort;
    }
    if (!controller.running) break;
    await sleep(100);
  }
  const tail = existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-15).join('\n') : '';
  throw new DemoError(`the controller did not become ready; the end of .local/demo/controller.log:\n${tail}`);
}

/** `kubectl …` with the demo's kubeconfig and the plugin on PATH; output straight to the terminal. */
function kubectl(args: readonly string[]): Promise<number | null> {
  checkpoint();
  say(`\n${style.paint('bold', `$ kubectl ${args.join(' ')}`)}`);
  return new Promise((done) => {
    const child = spawn(join(BIN, 'kubectl'), args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...KUBECTL_ENV } });
    child.once('error', () => { done(null); });
    child.once('exit', (code) => { done(code); });
  });
}

async function showState(): Promise<void> {
  await kubectl(['tenantnet', 'status']);
  await kubectl(['tenantnet', 'matrix']);
}

async function checkEnforced(ctx: WatchContext): Promise<void> {
  const enforced = await waitForEnforcement(ctx, WORKSPACES, 20_000);
  if (enforced.ok) {
    note(style.paint('good', `enforced: the NetworkPolicies in the cluster allow exactly this grid (all ${enforced.pairs} cells checked with the project's NetworkPolicy evaluator)`));
  } else {
    note(style.paint('bad', `the NetworkPolicies do not match the grid yet:\n    ${enforced.mismatches.slice(0, 10).join('\n    ')}`));
  }
}

function tenantsManifest(): string {
  const docs = [
    ...WORKSPACES.map((w) => `apiVersion: tenant.kubesphere.io/v1beta1\nkind: Workspace\nmetadata:\n  name: ${w}\nspec:\n  manager: admin\n`),
    ...Object.entries(TENANTS).flatMap(([w, projects]) => projects.map((p) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${p}\n  labels:\n    kubesphere.io/workspace: ${w}\n`)),
  ];
  return docs.join('---\n');
}

function linkPlugin(): void {
  mkdirSync(BIN, { recursive: true });
  const link = join(BIN, 'kubectl-tenantnet');
  rmSync(link, { force: true });
  symlinkSync(join(ROOT, 'scripts/kubectl-tenantnet'), link);
}

async function runDemo(provider: Provider): Promise<void> {
  mkdirSync(DEMO_DIR, { recursive: true });
  const recordPath = join(DEMO_DIR, 'processes.json');
  say(style.paint('bold', `tenant-network-controller demo: two workspaces, five projects, provider ${provider}`));
  let leftovers: string[];
  try {
    leftovers = await reapLeftovers(recordPath);
  } catch (err) {
    if (err instanceof DemoBusyError) throw new DemoError(err.message);
    throw err;
  }
  if (leftovers.length > 0) note(`stopped the ${leftovers.join(', ')} that an earlier demo left running`);
  const record = new ProcessRecord(recordPath);
  cleanups.push({ name: 'process record', run: () => { record.clear(); return Promise.resolve(); } });

  await startControlPlane(record);
  const kc = new KubeConfig();
  kc.loadFromFile(KUBECONFIG);
  const client = await KubeClient.fromKubeConfig(kc, { fieldManager: 'tenantnet-demo' });
  cleanups.push({ name: 'API client', run: () => client.close() });
  await installCrds(client);
  linkPlugin();
  const qingcloudEnv = provider === 'qingcloud' ? await startSimulator(record) : {};
  if (provider === 'calico') {
    step('Calico');
    note('no Calico dataplane here: the controller writes the IPPools and NetworkPolicies that Calico would enforce');
  }
  const webhookPort = await freePort();
  await installWebhookConfiguration(client, webhookPort);
  await startController(provider, qingcloudEnv, record, webhookPort);
  const ctx: WatchContext = { client, write, tty, style, signal: stop.signal };

  step('Two workspaces (tenants) with projects');
  const manifest = join(DEMO_DIR, 'tenants.yaml');
  writeFileSync(manifest, tenantsManifest());
  note(`retail: ${TENANTS.retail?.join(', ') ?? ''}    finance: ${TENANTS.finance?.join(', ') ?? ''}`);
  if ((await kubectl(['create', '-f', relative(process.cwd(), manifest)])) !== 0) throw new DemoError('kubectl create failed');
  say();
  note(`the controller gives each workspace a VPC and each project a subnet (${provider === 'qingcloud' ? 'QingCloud routers and vxnets' : 'Calico IPPools'}):`);
  if (!(await watchProvisioning(ctx, WORKSPACES, PROJECTS, 180_000))) {
    await kubectl(['tenantnet', 'status']);
    throw new DemoError('not everything became Ready within 3 minutes; the reasons are above, details in .local/demo/controller.log');
  }
  await showState();
  say();
  note('projects of one workspace reach each other (intraWorkspace: Allow); workspaces are isolated from each other');
  await checkEnforced(ctx);

  step('Connect two projects across workspaces, on one port');
  await kubectl(['tenantnet', 'connect', 'retail-api', 'finance-ledger', '--port', 'tcp/8443']);
  await waitForController(ctx, [], ['retail-api.finance-ledger'], 30_000);
  await showState();
  say();
  await checkEnforced(ctx);

  step('Isolate a project inside its workspace');
  await kubectl(['tenantnet', 'isolate', 'retail-db']);
  await waitForController(ctx, ['retail-db'], [], 30_000);
  await showState();
  say();
  await checkEnforced(ctx);

  await showBandwidth(client);

  const html = await runToCompletion(join(BIN, 'kubectl'), ['tenantnet', 'matrix', '-o', 'html'], { env: { ...process.env, ...KUBECTL_ENV } });
  writeFileSync(join(DEMO_DIR, 'matrix.html'), html.stdout);
  instructions(provider);
  // Runs until a signal: its handler stops everything and exits. The timer keeps Node waiting.
  setInterval(() => undefined, 1 << 30);
  await new Promise<never>(() => undefined);
}

/** A workspace limit, and a pod that asks for more: the webhook stamps the limit, capped. */
async function showBandwidth(client: KubeClient): Promise<void> {
  step('Bandwidth: a workspace limit, stamped on every new pod by the admission webhook');
  await kubectl(['patch', 'wsn', 'retail', '--type=merge', '-p', '{"spec":{"bandwidth":{"ingress":"100M","egress":"50M"}}}']);
  // The webhook answers from the controller's cache: wait until the controller has seen the limit.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const wsn = await client.get<KubeObject & { status?: { observedGeneration?: number } }>(WORKSPACE_NETWORKS, 'retail');
    if (wsn.status?.observedGeneration === wsn.metadata?.generation) break;
    if (Date.now() > deadline) throw new DemoError('the controller did not pick up the bandwidth limit within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  note('a pod in retail-web asks for 1G of egress; it comes back from the API server with the limit (no kubelet here: it stays Pending):');
  const pod = await client.create<KubeObject>(CORE.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'retail-web', annotations: { 'kubernetes.io/egress-bandwidth': '1G' } },
    spec: { containers: [{ name: 'web', image: 'nginx' }] },
  } as KubeObject);
  const shown = { ...pod.metadata?.labels, ...pod.metadata?.annotations };
  for (const [key, value] of Object.entries(shown).filter(([k]) => k.toLowerCase().includes('bandwidth') || k.startsWith('sdn.kubesphere.io/')).sort()) note(`  ${key}: ${value}`);
}

function instructions(provider: Provider): void {
  const c = (text: string): string => style.paint('bold', text);
  say();
  say(style.paint('good', 'The demo is running. Poke at it from another terminal in this directory:'));
  say();
  say(`  ${c('export KUBECONFIG=$PWD/.local/kubeconfig KUBECACHEDIR=$PWD/.local/kube-cache PATH=$PWD/.local/bin:$PATH')}`);
  say(`  ${c('kubectl get wsn,pjn,pjc')}                       # the three kinds, with CIDRs, ids and phases`);
  say(`  ${c('kubectl tenantnet status')}                      # workspaces, VPCs, projects, subnets, reasons`);
  say(`  ${c('kubectl tenantnet matrix')}                      # who may reach whom (-o json, -o html)`);
  say(`  ${c('kubectl tenantnet open retail-db')}              # undo the isolation`);
  say(`  ${c('kubectl tenantnet workspace finance --intra deny')}`);
  say(`  ${c('kubectl tenantnet connect retail-web finance-reports --one-way --port tcp/443')}`);
  say(`  ${c('kubectl tenantnet disconnect retail-api finance-ledger')}`);
  say(`  ${c('kubectl create namespace retail-cache && kubectl label namespace retail-cache kubesphere.io/workspace=retail')}`);
  say(`  ${c('kubectl get networkpolicy -A')}                  # what the controller rendered`);
  say(`  ${c('kubectl get pod web-1 -n retail-web -o yaml')}   # the bandwidth and attribution the webhook stamped`);
  say();
  say(`  Logs: .local/demo/controller.log${provider === 'qingcloud' ? ', .local/demo/qingcloud-sim.log' : ''}, .local/cluster.log`);
  say('  The matrix as a web page: .local/demo/matrix.html');
  say();
  say(style.paint('bold', 'Press Ctrl-C to stop everything and clean up.'));
}

/**
 * Stops everything started so far, in reverse order, and exits. Called once: by the end of the
 * demo, by a failure, or straight from a signal handler (whatever the demo was doing then).
 */
let shuttingDown: Promise<never> | undefined;
function shutdown(exitCode: number): Promise<never> {
  shuttingDown ??= (async (): Promise<never> => {
    stop.abort();
    let code = exitCode;
    // Last started, first stopped; anything registered meanwhile is taken too.
    for (let cleanup = cleanups.pop(); cleanup !== undefined; cleanup = cleanups.pop()) {
      try {
        await cleanup.run();
      } catch (err) {
        say(`  could not stop the ${cleanup.name}: ${errorMessage(err)}`);
        code = 1;
      }
    }
    say(code === 0 ? style.paint('good', 'Demo stopped; nothing left running.') : 'Demo stopped.');
    process.exit(code);
  })();
  return shuttingDown;
}

surviveClosedTerminal();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (shuttingDown !== undefined) {
      say(style.paint('warn', `(${signal}: still cleaning up, a moment please)`));
      return;
    }
    say(`\n${style.paint('bold', `${signal}: stopping the demo…`)}`);
    void shutdown(0);
  });
}

try {
  await runDemo(parseProvider(process.argv.slice(2)));
  await shutdown(0);
} catch (err) {
  // After a signal, whatever was in flight fails on purpose; the signal's shutdown is under way.
  if (shuttingDown === undefined) {
    say(`\n${style.paint('bad', 'demo failed:')} ${errorMessage(err)}`);
    if (!(err instanceof DemoError)) say(style.paint('dim', err instanceof Error ? err.stack ?? '' : ''));
  }
  await shutdown(1);
}
