// The controller with its webhook wired the way src/cmd/main.ts wires it (config file → parseConfig
// → appOptionsFrom → createApp → app.start), against the shared apiserver, which calls the webhook
// over TLS on loopback. Nothing is started by hand: the controller creates its certificate Secret,
// puts the CA into the webhook configuration, reports ready only once the webhook serves, stamps
// pods of its projects, announces a bandwidth change with an Event, and
// exports the IPAM gauges.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { appOptionsFrom } from '../../src/cmd/app-options.js';
import { parseConfig, type ControllerConfigFile } from '../../src/cmd/config.js';
import { createProvider } from '../../src/cmd/provider-factory.js';
import { createApp, type App } from '../../src/controller/app.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { createRuntimeMetrics } from '../../src/metrics/runtime-metrics.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import { SECRET_KEYS } from '../../src/webhook/certificate-secret.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, POD_WEBHOOK_PATH, renderMutatingWebhookConfiguration, type MutatingWebhookConfiguration } from '../../src/webhook/webhook-configuration.js';
import { freePort } from '../harness/ports.js';
import { sharedCluster } from '../harness/shared.js';
import { createWorkspace, deleteNamespace } from '../support/core-env.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { eventually } from '../support/eventually.js';

const id = `apa${Date.now().toString(36).slice(-5)}`;
const SYSTEM = `${id}-system`;
const WS = `${id}-ws`;
const PROJECT = `${id}-p`;
const OTHER = `${id}-other`;
const TEST_LABEL = 'tnc-test/app-admission';

type SecretObject = KubeObject & { data?: Record<string, string> };
type EventObject = KubeObject & { reason?: string; note?: string; regarding?: { name?: string } };

describe('the controller with its admission webhook, wired as main does', () => {
  const cluster = sharedCluster();
  let admin: KubeClient;
  let client: KubeClient;
  let app: App;
  let config: ControllerConfigFile;
  const registry = new Registry();
  let webhookPort = 0;

  beforeAll(async () => {
    await cluster.installCrds(ALL_CRD_FILES);
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    await admin.create(CORE.namespaces, { metadata: { name: SYSTEM } });
    webhookPort = await freePort();
    // What the chart's config file holds (names per release), with the port the apiserver will call.
    const parsed = parseConfig({
      namespace: SYSTEM,
      leaseName: `${id}-lease`,
      webhook: { enabled: true, port: webhookPort, annotationSets: ['kubernetes', 'calico'], secretName: `${id}-webhook-tls`, serviceName: `${id}-webhook`, configurationName: `${id}-pods` },
    }, {}, []);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    config = parsed.config;
    // The chart installs the configuration (without a caBundle) before the controller runs. Here it
    // calls loopback instead of the Service, and only for this file's namespaces.
    await admin.create(MUTATING_WEBHOOK_CONFIGURATIONS, renderMutatingWebhookConfiguration({
      name: config.webhook.configurationName,
      clientConfig: { url: `https://127.0.0.1:${webhookPort}${POD_WEBHOOK_PATH}` },
      extraNamespaceRequirements: [{ key: TEST_LABEL, operator: 'In', values: [id] }],
    }));

    const metrics = createRuntimeMetrics(registry);
    client = await KubeClient.fromKubeConfig(cluster.adminKubeConfig(), { onRequest: (r) => { metrics.restRequest(r.method, r.status); } });
    const log = process.env.TNC_DEBUG === undefined ? silentLogger() : createLogger({ level: 'debug' });
    const provider = await createProvider(config, client, log, registry);
    const options = appOptionsFrom(config, { client, provider, log, registry, metrics, instance: `${id}-0` });
    const webhook = options.webhook;
    if (webhook === undefined) throw new Error('webhook.enabled did not reach the app options');
    app = createApp({
      ...options,
      probePort: 0,
      probeHost: '127.0.0.1',
      // The Service's DNS names mean nothing on loopback: the certificate also names 127.0.0.1.
      webhook: { ...webhook, host: '127.0.0.1', certificates: { ...webhook.certificates, ipAddresses: ['127.0.0.1'] } },
    });
    await app.start();
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await admin.delete(MUTATING_WEBHOOK_CONFIGURATIONS, config.webhook.configurationName).catch(() => undefined);
    await admin.request('DELETE', `/api/v1/namespaces/${PROJECT}/pods`, { query: { gracePeriodSeconds: 0 } }).catch(() => undefined);
    await admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${WS}`).catch(() => undefined);
    for (const ns of [PROJECT, OTHER, SYSTEM]) await deleteNamespace(admin, ns).catch(() => undefined);
    await Promise.all([client.close(), admin.close()]);
  }, 60_000);

  it('serves once the caches have synced, and only then reports ready', async () => {
    expect(await app.admissionStarted()).toBe(webhookPort);
    await eventually(async () => {
      const ready = await fetch(`http://127.0.0.1:${app.manager.probePort}/readyz`);
      expect([ready.status, await ready.text()]).toEqual([200, expect.any(String)]);
    }, 20_000);
    expect(app.admission?.readiness()).toBeUndefined();
  });

  it('created its certificate Secret itself and put the CA into the webhook configuration', async () => {
    const secret = await admin.get<SecretObject>(CORE.secrets, config.webhook.secretName, SYSTEM);
    const managers = (secret.metadata?.managedFields as { manager?: string }[] | undefined)?.map((f) => f.manager);
    expect(managers).toContain(client.fieldManager);
    const bundle = secret.data?.[SECRET_KEYS.bundle] ?? '';
    expect(Buffer.from(bundle, 'base64').toString()).toContain('BEGIN CERTIFICATE');
    await eventually(async () => {
      const configuration = await admin.get<MutatingWebhookConfiguration>(MUTATING_WEBHOOK_CONFIGURATIONS, config.webhook.configurationName);
      expect((configuration.webhooks[0]?.clientConfig as { caBundle?: string }).caBundle).toBe(bundle);
    }, 20_000);
  });

  it('stamps a pod of a project through the apiserver, and leaves other namespaces alone', async () => {
    await createWorkspace(admin, WS);
    await admin.create(CORE.namespaces, { metadata: { name: PROJECT, labels: { 'kubesphere.io/workspace': WS, [TEST_LABEL]: id } } });
    await admin.create(CORE.namespaces, { metadata: { name: OTHER, labels: { [TEST_LABEL]: id } } });
    await eventually(() => admin.mergePatch(WORKSPACE_NETWORKS, WS, { spec: { bandwidth: { ingress: '100M', egress: '20M' } } }), 30_000);
    await eventually(async () => {
      const pjn = await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, PROJECT);
      expect(pjn.status?.phase).toBe('Ready');
      expect((await admin.get(CORE.namespaces, PROJECT)).metadata?.labels?.['sdn.kubesphere.io/workspace']).toBe(WS);
      expect(app.caches.workspaceNetworks.get(WS)?.spec.bandwidth?.ingress).toBe('100M');
      expect(app.caches.projectNetworks.get(PROJECT)?.status?.subnetId).toEqual(expect.any(String));
    }, 40_000);

    const pod = (namespace: string, name: string, annotations: Record<string, string> = {}): Promise<KubeObject> => admin.create(CORE.pods, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, annotations }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
    } as KubeObject);
    const stamped = await pod(PROJECT, 'greedy', { 'kubernetes.io/ingress-bandwidth': '10G' });
    expect(stamped.metadata?.annotations).toMatchObject({
      'kubernetes.io/ingress-bandwidth': '100M', 'kubernetes.io/egress-bandwidth': '20M',
      'qos.projectcalico.org/ingressBandwidth': '100M', 'qos.projectcalico.org/egressBandwidth': '20M',
    });
    expect(stamped.metadata?.labels).toMatchObject({ 'sdn.kubesphere.io/workspace': WS, 'sdn.kubesphere.io/project': PROJECT });
    const untouched = await pod(OTHER, 'stranger', { 'kubernetes.io/ingress-bandwidth': '10G' });
    expect(untouched.metadata?.annotations).toEqual({ 'kubernetes.io/ingress-bandwidth': '10G' });
  }, 90_000);

  it('announces a bandwidth change, counting the pods that keep the old limit', async () => {
    await admin.mergePatch(WORKSPACE_NETWORKS, WS, { spec: { bandwidth: { ingress: '200M', egress: '20M' } } });
    const note = await eventually(async () => {
      // About a cluster-scoped object, so in "default" (the only namespace the apiserver accepts).
      const events = await admin.list<EventObject>(CORE.events, { namespace: 'default' });
      // Setting the first limit was a change too; this is about the move to 200M.
      const event = events.items.find((e) => e.reason === 'BandwidthChanged' && e.regarding?.name === PROJECT && e.note?.includes('100M → 200M') === true);
      expect(event?.note).toEqual(expect.any(String));
      return event?.note ?? '';
    }, 30_000);
    expect(note).toBe('bandwidth limit changed: ingress 100M → 200M, egress 20M (unchanged); new pods get the new limit, 1 existing pod(s) keep the old one until they are re-created');
  }, 60_000);

  it('exports the IPAM gauges, webhook and API request metrics in its registry', async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/^tenant_network_ipam_vpc_allocations [1-9]/m);
    expect(text).toMatch(new RegExp(`^tenant_network_ipam_subnets\\{workspace="${WS}",state="used"\\} 1$`, 'm'));
    expect(text).toMatch(/^tenant_network_webhook_requests_total\{webhook="\/mutate-pods",outcome="patched"\} [1-9]/m);
    expect(text).toMatch(/^rest_client_requests_total\{[^}]*method="PATCH"[^}]*\} [1-9]/m);
  });
});
