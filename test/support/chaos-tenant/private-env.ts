// The controller (Calico provider) in-process against a private local apiserver: the controller acts
// on every namespace of its cluster, so hostile and malformed input must not reach other files'
// tenants (or theirs ours). Optionally with the pod webhook, which the apiserver calls over TLS on
// loopback. Also watches the test process for crashes the controller would cause (an unhandled
// rejection or uncaught exception is what would kill `main`).
import { Registry } from 'prom-client';
import { createApp, type App } from '../../../src/controller/app.js';
import { KubeClient } from '../../../src/kube/kube-client.js';
import { CORE } from '../../../src/kube/resource.js';
import { CalicoProvider } from '../../../src/providers/calico/index.js';
import { errorMessage } from '../../../src/util/errors.js';
import { silentLogger } from '../../../src/util/logger.js';
import { createAdmissionServer, type AdmissionServer } from '../../../src/webhook/create-admission-server.js';
import type { AnnotationSetName } from '../../../src/webhook/pod-keys.js';
import { DEFAULT_ADMIN_GROUPS, PROTECTION_RULES } from '../../../src/webhook/protection-rules.js';
import { renderProtectionWebhookConfiguration, VALIDATING_WEBHOOK_CONFIGURATIONS } from '../../../src/webhook/protection-webhook-configuration.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, POD_WEBHOOK_PATH, renderMutatingWebhookConfiguration } from '../../../src/webhook/webhook-configuration.js';
import { LocalControlPlane } from '../../harness/control-plane.js';
import { freePort } from '../../harness/ports.js';
import { SYSTEM_NAMESPACES } from '../core-env.js';
import { ALL_CRD_FILES } from '../crd-paths.js';
import { eventually } from '../eventually.js';
import { servesAdmissionPolicies } from './admission-install.js';

const PROTECTION_CONFIGURATION = 'tenant-network-protection';
const ANNOTATION_SETS: AnnotationSetName[] = ['kubernetes', 'calico'];

/** The controller's own namespace (a system namespace), where the chart keeps its Secrets. */
export const CONTROLLER_NAMESPACE = 'tenant-network-system';
export const VPC_POOL = '10.128.0.0/10';

export interface PrivateEnv {
  readonly plane: LocalControlPlane;
  readonly admin: KubeClient;
  readonly app: App;
  readonly webhook: AdmissionServer | undefined;
  /** How the protection rules run here: the apiserver's policies, or (older apiservers) the webhook. */
  readonly protection: 'policies' | 'webhook';
  /** Unhandled rejections and uncaught exceptions seen while the env ran. */
  readonly crashes: readonly string[];
  stop(): Promise<void>;
}

export interface PrivateEnvOptions {
  readonly webhook?: boolean;
  /** Who is an admin for the protection rules, when the webhook runs them (no admission policy API). */
  readonly adminGroups?: readonly string[];
}

export async function startPrivateEnv(options: PrivateEnvOptions = {}): Promise<PrivateEnv> {
  const crashes: string[] = [];
  const onRejection = (reason: unknown): void => { crashes.push(`unhandledRejection: ${errorMessage(reason)}`); };
  const onException = (err: Error): void => { crashes.push(`uncaughtException: ${err.message}`); };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const plane = await LocalControlPlane.start();
  await plane.access.installCrds(ALL_CRD_FILES);
  const admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
  for (const ns of SYSTEM_NAMESPACES) await admin.create(CORE.namespaces, { metadata: { name: ns } }).catch(() => undefined);
  const client = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
  const app = createApp({
    client,
    provider: new CalicoProvider({ client }),
    network: { provider: 'calico', systemNamespaces: SYSTEM_NAMESPACES, allowedIngressCIDRs: [], allowedIngressNamespaces: [], egressIsolation: true, podSecurity: '', deniedEgressCIDRs: [], extraPodCidrs: [] },
    vpcPool: { ranges: [VPC_POOL], vpcPrefixLength: 16 },
    log: silentLogger(),
    instance: 'chaos-tenant-controller',
    probePort: 0,
    probeHost: '127.0.0.1',
  });
  await app.manager.start();

  let webhook: AdmissionServer | undefined;
  const protection = (await servesAdmissionPolicies(admin)) ? 'policies' : 'webhook';
  if (options.webhook === true) {
    const port = await freePort();
    await admin.create(MUTATING_WEBHOOK_CONFIGURATIONS, renderMutatingWebhookConfiguration({ name: 'tenant-network-pods', clientConfig: { url: `https://127.0.0.1:${port}${POD_WEBHOOK_PATH}` } }));
    const rules = PROTECTION_RULES.filter((rule) => !rule.strictOnly);
    if (protection === 'webhook') {
      await admin.create(VALIDATING_WEBHOOK_CONFIGURATIONS, renderProtectionWebhookConfiguration({
        name: PROTECTION_CONFIGURATION, rules, clientConfig: (path) => ({ url: `https://127.0.0.1:${port}${path}` }), exemptNamespaces: ['kube-system', CONTROLLER_NAMESPACE],
      }));
    }
    const server = createAdmissionServer({
      caches: app.caches,
      client: admin,
      config: {
        port,
        host: '127.0.0.1',
        annotationSets: ANNOTATION_SETS,
        certificates: { mode: 'self-signed', namespace: CONTROLLER_NAMESPACE, secretName: 'webhook-tls', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], webhookConfigurationName: 'tenant-network-pods' },
        ...(protection === 'webhook'
          ? { protection: { rules, params: { controllerUsers: [], adminGroups: options.adminGroups ?? DEFAULT_ADMIN_GROUPS, adminUsers: [], bandwidthAnnotationSets: ANNOTATION_SETS }, configurationName: PROTECTION_CONFIGURATION } }
          : {}),
      },
      log: silentLogger(),
      registry: new Registry(),
    });
    await server.start();
    await eventually(() => {
      if (server.readiness() !== undefined) throw new Error(server.readiness());
    }, 20_000);
    webhook = server;
  }

  return {
    plane,
    admin,
    app,
    webhook,
    protection,
    crashes,
    stop: async () => {
      try {
        await webhook?.stop();
        await app.stop();
        await Promise.all([client.close(), admin.close()]);
      } finally {
        await plane.stop();
        process.off('unhandledRejection', onRejection);
        process.off('uncaughtException', onException);
      }
    },
  };
}
