// The Helm chart running for real: installed on the test node with the offline-built controller
// image, two replicas Running and Ready with exactly one leader, the webhook called by the apiserver
// through its Service with the caBundle the controller made, a project's pod stamped and capped,
// probes, metrics and logs as an admin sees them; `helm upgrade` rolls the pods without a leaderless
// gap longer than the lease and keeps the CA; `helm test` passes after install and after upgrade;
// `helm uninstall` leaves no pod, webhook configuration or admission binding (CRDs and their objects
// stay).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { ensureBinaries } from '../harness/binaries.js';
import { controllerImage, CONTROLLER_IMAGE_REPOSITORY, CONTROLLER_IMAGE_TAG } from '../harness/node/controller-image.js';
import { sharedNode } from '../harness/node/shared-node.js';
import { createWorkspace } from '../support/core-env.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { eventually } from '../support/eventually.js';
import { CHART_DIR, helm, helmOk, valuesFile } from '../support/helm.js';
import { importImage } from '../support/node/images.js';
import { watchLease } from '../support/node/lease-watch.js';

const RELEASE = 'tenant-network-controller';
const NAMESPACE = 'tenant-network-system';
const WS = 'chart-ws';
const PROJECT = 'chart-project';

type Pod = KubeObject & { status?: { phase?: string; conditions?: { type: string; status: string }[] }; metadata: { annotations?: Record<string, string>; labels?: Record<string, string>; name?: string } };
type WebhookConfiguration = KubeObject & { webhooks: { name: string; clientConfig: { caBundle?: string } }[] };
const MUTATING = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false } as const;
const ROLE_BINDINGS = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true } as const;
const VAP_BINDINGS = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false } as const;

function kubectl(kubeconfig: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(ensureBinaries().kubectl, [`--kubeconfig=${kubeconfig}`, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) => {
      if (err === null) resolve(out);
      else reject(new Error(`kubectl ${args.join(' ')}: ${errOut}`));
    });
  });
}

describe('the chart installed on a real node', () => {
  const { access, node } = sharedNode();
  const kubeconfig = access.state.adminKubeconfigPath;
  let admin: KubeClient;
  const figures: string[] = [];
  const values = {
    image: { repository: CONTROLLER_IMAGE_REPOSITORY, tag: CONTROLLER_IMAGE_TAG, pullPolicy: 'Never' },
    config: { extraPodCidrs: [node.podCidr], logLevel: 'info' },
    traffic: { enabled: false },
  };

  const controllerPods = async (): Promise<Pod[]> => (await admin.list<Pod>(CORE.pods, { namespace: NAMESPACE, labelSelector: 'app.kubernetes.io/name=tenant-network-controller' })).items;
  const caBundle = async (): Promise<string | undefined> => (await admin.get<WebhookConfiguration>(MUTATING, RELEASE)).webhooks[0]?.clientConfig.caBundle;

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(access.adminKubeConfig());
    await access.installCrds(ALL_CRD_FILES);
    await importImage(node, controllerImage());
  }, 300_000);

  afterAll(async () => {
    await helm(['uninstall', RELEASE, '--namespace', NAMESPACE, '--wait'], { kubeconfig, timeoutMs: 120_000 });
    await admin.delete(CORE.namespaces, PROJECT).catch(() => undefined);
    await admin.close();
    process.stdout.write(`chart on a real node:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
  }, 180_000);

  it('installs: two replicas Ready, exactly one leader, the webhook CA in place', async () => {
    const file = valuesFile(values);
    const started = Date.now();
    try {
      await helmOk(['install', RELEASE, CHART_DIR, '--namespace', NAMESPACE, '--create-namespace', '-f', file.path, '--wait', '--timeout', '5m'], { kubeconfig, timeoutMs: 330_000 });
    } finally {
      file.remove();
    }
    figures.push(`install to Ready (helm install --wait): ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const pods = await controllerPods();
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const lease = watchLease(admin, NAMESPACE, RELEASE);
    await eventually(() => { expect(pods.map((p) => p.metadata.name)).toContain(lease.holder()); }, 30_000, 200);
    await lease.stop();
    // The controller made the CA and put it into the configuration the chart installed without one.
    await eventually(async () => { expect(await caBundle()).toEqual(expect.any(String)); }, 30_000, 500);
  }, 360_000);

  it("stamps and caps a project's pod, the apiserver calling the webhook through its Service", async () => {
    await createWorkspace(admin, WS);
    await admin.create(CORE.namespaces, { metadata: { name: PROJECT, labels: { 'kubesphere.io/workspace': WS } } });
    await eventually(() => admin.mergePatch(WORKSPACE_NETWORKS, WS, { spec: { bandwidth: { ingress: '30M', egress: '10M' } } }), 60_000, 500);
    await eventually(async () => {
      expect((await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, PROJECT)).status?.phase).toBe('Ready');
    }, 60_000, 500);
    const pod = await eventually(async () => {
      const created = await admin.request<Pod>('POST', `/api/v1/namespaces/${PROJECT}/pods`, {
        query: { dryRun: 'All' },
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'greedy', annotations: { 'kubernetes.io/egress-bandwidth': '1G' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
      });
      expect(created.metadata.annotations?.['kubernetes.io/egress-bandwidth']).toBe('10M');
      return created;
    }, 60_000, 500);
    expect(pod.metadata.annotations?.['kubernetes.io/ingress-bandwidth']).toBe('30M');
    expect(pod.metadata.labels?.['sdn.kubesphere.io/workspace']).toBe(WS);
    // The apiserver's own measure of the call through the Service.
    const metrics = await kubectl(kubeconfig, ['get', '--raw', '/metrics']);
    const sum = Number(new RegExp(`apiserver_admission_webhook_admission_duration_seconds_sum\\{[^}]*name="[^"]*"[^}]*operation="CREATE"[^}]*type="admit"\\} ([0-9.e+-]+)`).exec(metrics)?.[1]);
    const count = Number(new RegExp(`apiserver_admission_webhook_admission_duration_seconds_count\\{[^}]*name="[^"]*"[^}]*operation="CREATE"[^}]*type="admit"\\} ([0-9.e+-]+)`).exec(metrics)?.[1]);
    expect(count).toBeGreaterThan(0);
    figures.push(`webhook through the Service: ${count} call(s), mean ${((sum / count) * 1000).toFixed(1)} ms (apiserver_admission_webhook_admission_duration_seconds)`);
  }, 180_000);

  it('passes helm test: the controller ready with a leader, the CRDs served, the webhook stamping a dry-run pod', async () => {
    const started = Date.now();
    const out = await helmOk(['test', RELEASE, '--namespace', NAMESPACE, '--timeout', '3m'], { kubeconfig, timeoutMs: 200_000 });
    expect(out).toMatch(/Phase:\s+Succeeded/);
    figures.push(`helm test after install: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 240_000);

  it("holds pods to the project's limit while the webhook is down (it fails open)", async () => {
    const deployment = `deployment/${RELEASE}`;
    await kubectl(kubeconfig, ['-n', NAMESPACE, 'scale', deployment, '--replicas=0']);
    await eventually(async () => { expect(await controllerPods()).toEqual([]); }, 120_000, 500);
    // A project member (Kubernetes' edit role there), not an admin: admins are exempt from the policy.
    await admin.create(ROLE_BINDINGS, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'chart-tenant-edit', namespace: PROJECT },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'chart-tenant' }],
    } as KubeObject).catch(() => undefined);
    const tenant = await KubeClient.fromKubeConfig(await access.userKubeConfig('chart-tenant'));
    const dryRun = (name: string, annotations: Record<string, string>): Promise<Pod> => tenant.request<Pod>('POST', `/api/v1/namespaces/${PROJECT}/pods`, {
      query: { dryRun: 'All' },
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec: { containers: [{ name: 'c', image: 'x' }] } },
    });
    try {
      // Nobody stamps or caps now: the admission policy refuses what would run uncapped.
      for (const annotations of [{ 'kubernetes.io/egress-bandwidth': '1G', 'kubernetes.io/ingress-bandwidth': '30M' }, {}] as Record<string, string>[]) {
        const refused = await dryRun('unstamped', annotations).then(() => undefined, (err: unknown) => String(err));
        expect(refused).toContain('this project has a bandwidth limit');
      }
      const within = await dryRun('within', { 'kubernetes.io/egress-bandwidth': '10M', 'kubernetes.io/ingress-bandwidth': '30M' });
      expect(within.metadata.annotations?.['kubernetes.io/egress-bandwidth']).toBe('10M');
      figures.push('webhook down: pods of a limited project without the limit refused by the admission policy, pods within it admitted');
    } finally {
      await tenant.close();
      await kubectl(kubeconfig, ['-n', NAMESPACE, 'scale', deployment, '--replicas=2']);
      await kubectl(kubeconfig, ['-n', NAMESPACE, 'rollout', 'status', deployment, '--timeout=180s']);
    }
  }, 360_000);

  it('shows its health, metrics and JSON logs to kubectl, with no secret in them', async () => {
    const [pod] = await controllerPods();
    const name = pod?.metadata.name ?? '';
    const port = 18000 + node.slot;
    const forward = execFile(ensureBinaries().kubectl, [`--kubeconfig=${kubeconfig}`, '-n', NAMESPACE, 'port-forward', `pod/${name}`, `${port}:8081`]);
    try {
      const text = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(res.status).toBe(200);
        return res.text();
      }, 30_000, 500);
      expect(text).toMatch(/^leader_election_master_status\{[^}]*\} [01]$/m);
      expect(text).toMatch(/^tenant_network_webhook_certificate_expiry_timestamp_seconds \d/m);
      const rss = Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1]);
      expect(rss).toBeGreaterThan(10 * 1024 * 1024);
      figures.push(`controller pod resident memory (process_resident_memory_bytes): ${(rss / 1024 / 1024).toFixed(1)} MiB`);
      expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).text()).toMatch(/ok/i);
    } finally {
      forward.kill();
    }
    const logs = await kubectl(kubeconfig, ['-n', NAMESPACE, 'logs', name]);
    const lines = logs.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(logs).not.toMatch(/BEGIN (EC |RSA )?PRIVATE KEY|eyJhbGciOi/);
  }, 120_000);

  it('upgrades with a changed value: pods roll, leadership moves without a gap longer than the lease, the CA stays', async () => {
    const before = await caBundle();
    const oldPods = new Set((await controllerPods()).map((p) => p.metadata.name));
    const lease = watchLease(admin, NAMESPACE, RELEASE, 100);
    const file = valuesFile({ ...values, config: { ...values.config, logLevel: 'debug' } });
    const started = Date.now();
    try {
      await helmOk(['upgrade', RELEASE, CHART_DIR, '--namespace', NAMESPACE, '-f', file.path, '--wait', '--timeout', '5m'], { kubeconfig, timeoutMs: 330_000 });
      await eventually(async () => {
        const pods = await controllerPods();
        expect(pods.filter((p) => oldPods.has(p.metadata.name))).toEqual([]);
        expect(lease.holder()).toEqual(expect.stringContaining(RELEASE));
      }, 120_000, 500);
    } finally {
      file.remove();
      await lease.stop();
    }
    const gaps = lease.changes.map((c) => c.gapMs);
    figures.push(`upgrade: ${((Date.now() - started) / 1000).toFixed(1)} s, ${lease.changes.length} leader change(s), longest leaderless gap ${Math.max(0, ...gaps)} ms (lease 15 s)`);
    expect(lease.changes.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(gap).toBeLessThan(15_000);
    expect(await caBundle()).toBe(before);
    const test = await helmOk(['test', RELEASE, '--namespace', NAMESPACE, '--timeout', '3m'], { kubeconfig, timeoutMs: 200_000 });
    expect(test).toMatch(/Phase:\s+Succeeded/);
    figures.push('helm test after upgrade: passed');
  }, 600_000);

  it('uninstalls: no pod, webhook configuration or admission binding is left; CRDs and their objects stay', async () => {
    await helmOk(['uninstall', RELEASE, '--namespace', NAMESPACE, '--wait', '--timeout', '3m'], { kubeconfig, timeoutMs: 200_000 });
    await eventually(async () => { expect(await controllerPods()).toEqual([]); }, 60_000, 500);
    await expect(admin.get(MUTATING, RELEASE)).rejects.toThrow();
    const bindings = (await admin.list<KubeObject>(VAP_BINDINGS)).items.filter((b) => b.metadata?.name?.startsWith(RELEASE) === true);
    expect(bindings).toEqual([]);
    expect((await admin.get<KubeObject>(PROJECT_NETWORKS, PROJECT)).metadata?.name).toBe(PROJECT);
  }, 240_000);
});
