// The admission webhook as one runnable for `cmd`/`app` to wire: the certificate manager, the HTTPS
// server and the pod handler answering from the informer caches. Served by every replica (leader or
// not); `readiness` belongs in the probe server's readiness checks.
import type { Registry } from 'prom-client';
import type { KubeClient } from '../kube/kube-client.js';
import type { Logger } from '../util/logger.js';
import { admissionDenial, admissionResponse, parseAdmissionReview } from './admission-review.js';
import { AdmissionHttpsServer, type HandlerResult } from './admission-server.js';
import type { CertificatePolicy } from './certificate-plan.js';
import { WebhookCertificateManager, type CertificateMode } from './certificate-manager.js';
import { admitPod } from './pod-admission.js';
import type { AnnotationSetName } from './pod-keys.js';
import type { KeyedReader, ProjectNetworkEntry, WorkspaceNetworkEntry } from './project-view.js';
import { admitProtected } from './protection-admission.js';
import type { ProtectionParams, ProtectionRule } from './protection-rules.js';
import { protectionWebhookPath } from './protection-webhook-configuration.js';
import { POD_WEBHOOK_PATH } from './webhook-configuration.js';
import { createWebhookMetrics, type WebhookMetrics } from './webhook-metrics.js';

export interface AdmissionConfig {
  readonly port: number;
  readonly host?: string;
  /** Bandwidth annotation sets stamped on pods (values under the other known keys are only capped). */
  readonly annotationSets: readonly AnnotationSetName[];
  /** Pod annotation stamped with the project's subnet id (the provider's, when its dataplane reads one). */
  readonly subnetAnnotationKey?: string;
  /** Calico's burst in bits, stamped with every limit. */
  readonly calicoBurstBits?: number;
  readonly certificates: {
    readonly mode: CertificateMode;
    readonly namespace: string;
    readonly secretName: string;
    readonly dnsNames: readonly string[];
    readonly ipAddresses?: readonly string[];
    /** MutatingWebhookConfiguration whose caBundle the controller keeps (self-signed mode). */
    readonly webhookConfigurationName?: string;
    readonly policy?: Partial<CertificatePolicy>;
    readonly checkIntervalMs?: number;
  };
  /** The protection rules as a validating webhook (apiservers without usable admission policies). */
  readonly protection?: {
    readonly rules: readonly ProtectionRule[];
    readonly params: ProtectionParams;
    /** ValidatingWebhookConfiguration whose caBundle the controller keeps (self-signed mode). */
    readonly configurationName?: string;
  };
}

/** A synced-aware cache, as the informers are. */
type SyncedReader<T> = KeyedReader<T> & { hasSynced(): boolean };

export interface AdmissionServerOptions {
  /** The controller's informers (`app.caches` satisfies this). */
  readonly caches: {
    readonly projectNetworks: SyncedReader<ProjectNetworkEntry>;
    readonly workspaceNetworks: SyncedReader<WorkspaceNetworkEntry>;
    /** Namespaces' annotations (the limits the pod-bandwidth protection rule reads), when it is served. */
    readonly namespaces?: KeyedReader<{ readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> } }>;
  };
  readonly client: KubeClient;
  readonly config: AdmissionConfig;
  readonly log: Logger;
  /** Receives the webhook metrics; omit to leave them unregistered. */
  readonly registry?: Registry;
}

export interface AdmissionServer {
  /** Loads (or creates) the certificate, then listens; resolves with the bound port. */
  start(): Promise<number>;
  stop(): Promise<void>;
  /** For the readiness probe: undefined when the webhook can answer. */
  readiness(): string | undefined;
  readonly certificates: WebhookCertificateManager;
  readonly metrics: WebhookMetrics | undefined;
}

export function createAdmissionServer(options: AdmissionServerOptions): AdmissionServer {
  const { caches, client, config } = options;
  const log = options.log.child({ component: 'webhook' });
  const metrics = options.registry === undefined ? undefined : createWebhookMetrics(options.registry);
  const mutation = {
    annotationSets: config.annotationSets,
    ...(config.subnetAnnotationKey === undefined ? {} : { subnetAnnotationKey: config.subnetAnnotationKey }),
    ...(config.calicoBurstBits === undefined ? {} : { calicoBurstBits: config.calicoBurstBits }),
  };
  let server: AdmissionHttpsServer | undefined;

  const certificates = new WebhookCertificateManager({
    client,
    mode: config.certificates.mode,
    namespace: config.certificates.namespace,
    secretName: config.certificates.secretName,
    dnsNames: config.certificates.dnsNames,
    ...(config.certificates.ipAddresses === undefined ? {} : { ipAddresses: config.certificates.ipAddresses }),
    ...(config.certificates.webhookConfigurationName === undefined ? {} : { webhookConfigurations: [config.certificates.webhookConfigurationName] }),
    ...(config.protection?.configurationName === undefined ? {} : { validatingWebhookConfigurations: [config.protection.configurationName] }),
    ...(config.certificates.policy === undefined ? {} : { policy: config.certificates.policy }),
    ...(config.certificates.checkIntervalMs === undefined ? {} : { checkIntervalMs: config.certificates.checkIntervalMs }),
    ...(metrics === undefined ? {} : { metrics }),
    log,
    onServingCertificate: (certificate) => server?.setCertificate(certificate),
  });

  const notSynced = (): string | undefined =>
    caches.projectNetworks.hasSynced() && caches.workspaceNetworks.hasSynced() ? undefined : 'project caches not synced';

  const mutatePods = (body: unknown): HandlerResult => {
    const parsed = parseAdmissionReview(body);
    if (!parsed.ok) return { outcome: 'invalid', status: 400, message: parsed.message };
    const decision = admitPod(parsed.request, caches, mutation);
    for (const capped of decision.capped) metrics?.capped(capped.direction);
    if (decision.capped.length > 0) {
      log.info({ namespace: parsed.request.namespace, pod: parsed.request.name, capped: decision.capped }, 'tenant bandwidth capped');
    }
    if (decision.removed.length > 0) {
      log.info({ namespace: parsed.request.namespace, pod: parsed.request.name, removed: decision.removed }, 'Calico IPAM override annotations removed');
    }
    return { outcome: decision.outcome, body: admissionResponse(parsed.request.uid, { patch: decision.patch, warnings: decision.warnings }) };
  };

  const protect = (rule: ProtectionRule, params: ProtectionParams) => (body: unknown): HandlerResult => {
    const parsed = parseAdmissionReview(body);
    if (!parsed.ok) return { outcome: 'invalid', status: 400, message: parsed.message };
    const namespace = parsed.request.namespace === undefined ? undefined : caches.namespaces?.get(parsed.request.namespace);
    const verdict = admitProtected(rule, parsed.request, params, namespace?.metadata?.annotations);
    if (verdict.allowed) return { outcome: 'allowed', body: admissionResponse(parsed.request.uid, {}) };
    log.info({ rule: rule.id, user: parsed.request.userInfo?.username, namespace: parsed.request.namespace, name: parsed.request.name, operation: parsed.request.operation }, 'protected write refused');
    return { outcome: 'denied', body: admissionDenial(parsed.request.uid, 403, verdict.message) };
  };
  const protection = config.protection;
  const handlers: Record<string, (body: unknown) => HandlerResult> = {
    [POD_WEBHOOK_PATH]: mutatePods,
    ...(protection === undefined ? {} : Object.fromEntries(protection.rules.map((rule) => [protectionWebhookPath(rule.id), protect(rule, protection.params)]))),
  };

  return {
    certificates,
    metrics,
    start: async () => {
      await certificates.start();
      const current = certificates.current();
      if (current === undefined) throw new Error('no serving certificate');
      server = new AdmissionHttpsServer({ handlers, unavailable: notSynced, ...(metrics === undefined ? {} : { metrics }), log }, current);
      const port = await server.listen(config.port, config.host);
      log.info({ port, paths: Object.keys(handlers), annotationSets: config.annotationSets }, 'admission webhook serving');
      return port;
    },
    stop: async () => {
      await certificates.stop();
      await server?.close();
    },
    readiness: () => (certificates.current() === undefined ? 'webhook certificate not loaded' : server === undefined ? 'webhook not listening' : notSynced()),
  };
}
