// The controller (Calico provider) plus the admission webhook in-process against the shared apiserver,
// which calls the webhook over TLS on loopback through a MutatingWebhookConfiguration whose caBundle
// the webhook's own certificate manager keeps. The configuration is confined to namespaces labelled
// for this test, so other test files on the same apiserver never reach this webhook.
import { Registry } from 'prom-client';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { isNotFound } from '../../src/kube/api-error.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { deepEqualJson } from '../../src/kube/status.js';
import { silentLogger } from '../../src/util/logger.js';
import type { CertificatePolicy } from '../../src/webhook/certificate-plan.js';
import { createAdmissionServer, type AdmissionServer } from '../../src/webhook/create-admission-server.js';
import type { AnnotationSetName } from '../../src/webhook/pod-keys.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, POD_WEBHOOK_PATH, renderMutatingWebhookConfiguration } from '../../src/webhook/webhook-configuration.js';
import { freePort } from '../harness/ports.js';
import { createWorkspace, deleteNamespace, startCoreEnv, type CoreEnv } from './core-env.js';
import { eventually } from './eventually.js';

export const WEBHOOK_TEST_LABEL = 'tnc-test/webhook';

export interface WebhookEnvOptions {
  readonly annotationSets?: readonly AnnotationSetName[];
  readonly policy?: Partial<CertificatePolicy>;
  readonly checkIntervalMs?: number;
}

export interface PodObject extends KubeObject {
  spec?: Record<string, unknown>;
}

export interface WebhookEnv {
  readonly core: CoreEnv;
  readonly webhook: AdmissionServer;
  readonly registry: Registry;
  readonly port: number;
  readonly configurationName: string;
  readonly systemNamespace: string;
  /** A workspace with a bandwidth limit, and a project namespace in it, provisioned by the controller. */
  createProject(workspace: string, project: string, workspaceBandwidth?: { ingress?: string; egress?: string }): Promise<void>;
  /** A namespace the webhook configuration selects but that is no project. */
  createUnmanagedNamespace(name: string): Promise<void>;
  createPod(namespace: string, name: string, annotations?: Record<string, string>, extra?: Partial<PodObject>): Promise<PodObject>;
  stop(): Promise<void>;
}

export async function startWebhookEnv(id: string, options: WebhookEnvOptions = {}): Promise<WebhookEnv> {
  const core = await startCoreEnv();
  const admin = core.admin;
  const systemNamespace = `${id}-system`;
  const configurationName = `${id}-pods`;
  await admin.create(CORE.namespaces, { metadata: { name: systemNamespace } });
  const port = await freePort();
  // The configuration exists before the webhook starts (as the chart installs it), without a caBundle.
  await admin.create(MUTATING_WEBHOOK_CONFIGURATIONS, renderMutatingWebhookConfiguration({
    name: configurationName,
    clientConfig: { url: `https://127.0.0.1:${port}${POD_WEBHOOK_PATH}` },
    extraNamespaceRequirements: [{ key: WEBHOOK_TEST_LABEL, operator: 'In', values: [id] }],
  }));
  const registry = new Registry();
  const webhook = createAdmissionServer({
    caches: core.app.caches,
    client: admin,
    config: {
      port,
      host: '127.0.0.1',
      annotationSets: options.annotationSets ?? ['kubernetes', 'calico'],
      certificates: {
        mode: 'self-signed',
        namespace: systemNamespace,
        secretName: 'webhook-tls',
        dnsNames: ['localhost'],
        ipAddresses: ['127.0.0.1'],
        webhookConfigurationName: configurationName,
        ...(options.policy === undefined ? {} : { policy: options.policy }),
        ...(options.checkIntervalMs === undefined ? {} : { checkIntervalMs: options.checkIntervalMs }),
      },
    },
    log: silentLogger(),
    registry,
  });
  await webhook.start();
  await eventually(() => {
    if (webhook.readiness() !== undefined) throw new Error(webhook.readiness());
  }, 20_000);

  const pods: [string, string][] = [];
  const namespaces: string[] = [systemNamespace];
  const workspaces: string[] = [];

  return {
    core,
    webhook,
    registry,
    port,
    configurationName,
    systemNamespace,
    createProject: async (workspace, project, workspaceBandwidth) => {
      if (!workspaces.includes(workspace)) {
        workspaces.push(workspace);
        await createWorkspace(admin, workspace);
      }
      namespaces.push(project);
      await admin.create(CORE.namespaces, { metadata: { name: project, labels: { 'kubesphere.io/workspace': workspace, [WEBHOOK_TEST_LABEL]: id } } });
      if (workspaceBandwidth !== undefined) {
        await eventually(() => admin.mergePatch(WORKSPACE_NETWORKS, workspace, { spec: { bandwidth: workspaceBandwidth } }), 20_000);
      }
      await eventually(async () => {
        const pjn = await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, project);
        if (pjn.status?.phase !== 'Ready') throw new Error(`${project} not ready`);
        const ns = await admin.get<KubeObject>(CORE.namespaces, project);
        if (ns.metadata?.labels?.['sdn.kubesphere.io/workspace'] !== workspace) throw new Error(`${project} not marked`);
        // The webhook answers from its caches: wait until they have the project and its limits.
        const cached = core.app.caches.projectNetworks.get(project);
        const wsn = core.app.caches.workspaceNetworks.get(workspace);
        if (cached?.status?.subnetId === undefined) throw new Error('cache lags');
        if (workspaceBandwidth !== undefined && !deepEqualJson(wsn?.spec.bandwidth, workspaceBandwidth)) throw new Error('cache lags (bandwidth)');
      }, 30_000);
    },
    createUnmanagedNamespace: async (name) => {
      namespaces.push(name);
      await admin.create(CORE.namespaces, { metadata: { name, labels: { [WEBHOOK_TEST_LABEL]: id } } });
    },
    createPod: async (namespace, name, annotations = {}, extra = {}) => {
      pods.push([namespace, name]);
      return admin.create<PodObject>(CORE.pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace, annotations, ...extra.metadata },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }], ...extra.spec },
      });
    },
    stop: async () => {
      await webhook.stop();
      await admin.delete(MUTATING_WEBHOOK_CONFIGURATIONS, configurationName).catch(() => undefined);
      for (const [namespace, name] of pods) {
        await admin.request('DELETE', `/api/v1/namespaces/${namespace}/pods/${name}`, { query: { gracePeriodSeconds: 0 } }).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
      for (const ns of namespaces) await deleteNamespace(admin, ns).catch(() => undefined);
      for (const ws of workspaces) await admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${ws}`).catch(() => undefined);
      await core.stop();
    },
  };
}
