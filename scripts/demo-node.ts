// `make demo NODE=1`: the demo on a real node (kubelet, containerd, the CNI plugins, kube-router
// enforcing NetworkPolicy; test/harness/node/), so every step is shown on packets: a probe pod in
// each project, and after each `kubectl tenantnet` toggle a fresh TCP connection that is refused or
// answered; then a workspace bandwidth limit and one capped iperf3 transfer. Ctrl-C (or --once,
// which the node tests use) stops the node and everything on it.
//
//   node_modules/.bin/node --import ./scripts/ts-hooks.js scripts/demo-node.ts [--once]
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PROJECT_NETWORKS } from '../src/api/resources.js';
import { KubeClient, type KubeObject } from '../src/kube/kube-client.js';
import { CORE } from '../src/kube/resource.js';
import { NodeCluster } from '../test/harness/node/node-cluster.js';
import { createWorkspace } from '../test/support/core-env.js';
import { measureRate } from '../test/support/node/iperf.js';
import { startNodeController } from '../test/support/node/node-controller.js';
import { createPodWhenAdmitted, probePodManifest, waitForPodEndpoint, type ProbeEndpoint } from '../test/support/node/probe-pods.js';
import { probeOnce } from '../test/support/node/prober.js';

const ROOT = resolve(import.meta.dirname, '..');
const once = process.argv.includes('--once');
const PROJECTS = { 'retail-web': 'retail', 'retail-api': 'retail', 'bank-core': 'bank' } as const;
type Project = keyof typeof PROJECTS;
const LIMIT = '20M';
const say = (line: string): void => { process.stdout.write(`${line}\n`); };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tenantnet(kubeconfig: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(join(ROOT, 'node_modules/.bin/node'), [join(ROOT, 'dist/cli/main.js'), ...args, `--kubeconfig=${kubeconfig}`], (err, out, stderr) => {
      if (err === null) resolvePromise(out);
      else reject(new Error(`kubectl tenantnet ${args.join(' ')}: ${stderr}`));
    });
  });
}

async function waitReady(admin: KubeClient, project: string): Promise<void> {
  for (;;) {
    const pjn = await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, project).catch(() => undefined);
    if (pjn?.status?.phase === 'Ready') return;
    await sleep(200);
  }
}

const node = await NodeCluster.start({ progress: (m) => { say(`  node: ${m}`); } });
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await node.stop();
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => { void stop().then(() => process.exit(0)); });

try {
  say(`A real node is Ready in ${node.info.startSeconds.toFixed(1)} s (kubelet, containerd, kube-router enforcing NetworkPolicy).`);
  const access = node.plane.access;
  const kubeconfig = access.state.adminKubeconfigPath;
  const admin = await KubeClient.fromKubeConfig(access.adminKubeConfig());
  const controller = await startNodeController(access, node.info, { webhook: true });
  for (const ws of new Set(Object.values(PROJECTS))) await createWorkspace(admin, ws);
  for (const [project, ws] of Object.entries(PROJECTS)) await admin.create(CORE.namespaces, { metadata: { name: project, labels: { 'kubesphere.io/workspace': ws } } });
  for (const project of Object.keys(PROJECTS)) await waitReady(admin, project);
  for (const project of Object.keys(PROJECTS)) await createPodWhenAdmitted(admin, probePodManifest(project));
  const pods = new Map<string, ProbeEndpoint>();
  for (const project of Object.keys(PROJECTS)) pods.set(project, await waitForPodEndpoint(admin, node.info, project));
  const pod = (project: Project): ProbeEndpoint => pods.get(project) as ProbeEndpoint;
  say('Workspaces retail (retail-web, retail-api) and bank (bank-core), a pod in each project.');

  /** Probes until the verdict settles on `expected` (the enforcer needs a moment), then prints it. */
  const show = async (from: Project, to: Project, expected: boolean): Promise<void> => {
    const started = Date.now();
    let result = await probeOnce(node.info.agnhost, pod(from), pod(to), { protocol: 'TCP', port: 80 });
    while (result.reachable !== expected && Date.now() - started < 15_000) {
      await sleep(100);
      result = await probeOnce(node.info.agnhost, pod(from), pod(to), { protocol: 'TCP', port: 80 });
    }
    const verdict = result.reachable ? 'ALLOWED' : `BLOCKED (${result.detail})`;
    say(`  ${from} → ${to} TCP 80: ${verdict}${result.reachable === expected ? '' : `  — expected ${expected ? 'allowed' : 'blocked'}!`}`);
    if (result.reachable !== expected) process.exitCode = 1;
  };
  const step = async (title: string, args: readonly string[] | undefined, checks: readonly [Project, Project, boolean][]): Promise<void> => {
    say(`\n${title}`);
    if (args !== undefined) {
      say(`  $ kubectl tenantnet ${args.join(' ')}`);
      await tenantnet(kubeconfig, args);
    }
    for (const [from, to, expected] of checks) await show(from, to, expected);
  };

  await step('1. Defaults: a workspace is open inside, closed to other workspaces.', undefined, [['retail-web', 'retail-api', true], ['retail-web', 'bank-core', false], ['bank-core', 'retail-api', false]]);
  await step('2. Connect two projects across workspaces.', ['connect', 'retail-web', 'bank-core'], [['retail-web', 'bank-core', true], ['bank-core', 'retail-web', true]]);
  await step('3. Isolate retail-api inside its own workspace.', ['isolate', 'retail-api'], [['retail-web', 'retail-api', false]]);
  await step('4. Open it again.', ['open', 'retail-api'], [['retail-web', 'retail-api', true]]);
  await step('5. Disconnect the two projects.', ['disconnect', 'retail-web', 'bank-core'], [['retail-web', 'bank-core', false]]);

  say(`\n6. A ${LIMIT} bandwidth limit on workspace retail; a new pod in retail-web is capped.`);
  say(`  $ kubectl tenantnet bandwidth set workspace/retail --egress ${LIMIT}`);
  await tenantnet(kubeconfig, ['bandwidth', 'set', 'workspace/retail', '--egress', LIMIT]);
  await sleep(2000); // the controller writes the limit on the namespaces the webhook reads
  await createPodWhenAdmitted(admin, probePodManifest('retail-web', { name: 'capped' }));
  const capped = await waitForPodEndpoint(admin, node.info, 'retail-web', 'capped');
  const stamped = (await admin.get<KubeObject>(CORE.pods, 'capped', 'retail-web')).metadata?.annotations?.['kubernetes.io/egress-bandwidth'];
  say(`  the webhook stamped kubernetes.io/egress-bandwidth: ${stamped ?? '(none)'}`);
  const rate = await measureRate(capped, pod('retail-api'), { protocol: 'TCP', seconds: 8, settleSeconds: 3 });
  say(`  iperf3 retail-web → retail-api: ${(rate.steadyBps / 1e6).toFixed(2)} Mbit/s steady (cap ${LIMIT}); ${(rate.burstBytes / 1e6).toFixed(1)} MB went ahead of the cap in the first 3 s (the runtime's burst)`);
  if (stamped !== LIMIT || rate.steadyBps > 20e6 * 1.15) process.exitCode = 1;

  say(`\nkubectl works against this node: KUBECONFIG=${kubeconfig}`);
  if (!once) {
    say('Ctrl-C stops the node and everything on it.');
    await new Promise<void>(() => undefined);
  }
  await controller.stop();
  await admin.close();
} finally {
  await stop();
}
