// Keeps the webhook's serving certificate valid without restarts. Every replica runs one:
//  - self-signed mode: the CA and serving certificate live in a Secret; whoever finds it missing or
//    due creates or renews it (optimistic concurrency: a lost race re-reads the winner's), keeps the
//    webhook configuration's caBundle equal to the Secret's trust bundle, and hands new serving
//    certificates to the server (hot reload);
//  - external mode (cert-manager): the Secret is someone else's; this only loads and reloads it.
// Work is scheduled for the next renewal time, and the Secret is re-read at least every
// `checkIntervalMs` so a certificate renewed by another replica reaches this one.
import { CORE, resourcePath } from '../kube/resource.js';
import { isAlreadyExists, isConflict, isNotFound } from '../kube/api-error.js';
import type { JsonPatchOperation, KubeClient } from '../kube/kube-client.js';
import { createCertificateAuthority, issueCertificate, loadCertificateAuthority } from '../pki/certificates.js';
import { backoffDelay, sleep } from '../util/backoff.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { backdateMs, DEFAULT_CERTIFICATE_POLICY, nextBundle, planCertificates, servingValidity, type CertificateAction, type CertificatePolicy } from './certificate-plan.js';
import { inspectMaterial, notAfterOf, readMaterial, secretFor, splitPemBundle, wantedSubjectAltNames, type CertificateMaterial, type SecretObject } from './certificate-secret.js';
import type { WebhookMetrics } from './webhook-metrics.js';
import { VALIDATING_WEBHOOK_CONFIGURATIONS } from './protection-webhook-configuration.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, type MutatingWebhookConfiguration } from './webhook-configuration.js';

export type CertificateMode = 'self-signed' | 'external';

export interface ServingCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly notAfter: Date | undefined;
}

export interface CertificateManagerOptions {
  readonly client: KubeClient;
  readonly mode: CertificateMode;
  readonly namespace: string;
  readonly secretName: string;
  /** Names the serving certificate is for (the Service's DNS names). */
  readonly dnsNames: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** MutatingWebhookConfigurations whose caBundle follows the Secret (self-signed mode). */
  readonly webhookConfigurations?: readonly string[];
  /** ValidatingWebhookConfigurations likewise (the protection webhook, where it replaces the policies). */
  readonly validatingWebhookConfigurations?: readonly string[];
  readonly policy?: Partial<CertificatePolicy>;
  readonly checkIntervalMs?: number;
  readonly onServingCertificate: (certificate: ServingCertificate) => void;
  readonly metrics?: WebhookMetrics;
  readonly log: Logger;
  readonly now?: () => Date;
}

const CA_COMMON_NAME = 'tenant-network-controller-webhook-ca';
const RETRY_BACKOFF = { initialMs: 500, maxMs: 30_000, jitter: 0.3 };
const MAX_WRITE_ATTEMPTS = 5;

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

export class WebhookCertificateManager {
  private readonly options: CertificateManagerOptions;
  private readonly policy: CertificatePolicy;
  private readonly log: Logger;
  private readonly abort = new AbortController();
  private serving: ServingCertificate | undefined;
  private loop: Promise<void> | undefined;

  constructor(options: CertificateManagerOptions) {
    this.options = options;
    this.policy = { ...DEFAULT_CERTIFICATE_POLICY, ...options.policy };
    this.log = options.log.child({ component: 'webhook-certificates', secret: `${options.namespace}/${options.secretName}` });
  }

  current(): ServingCertificate | undefined {
    return this.serving;
  }

  /** Resolves once a serving certificate is loaded (retrying until then); keeps it fresh afterwards. */
  async start(): Promise<void> {
    const signal = this.abort.signal;
    for (let failures = 1; this.serving === undefined; failures++) {
      try {
        const next = await this.syncOnce(signal);
        this.loop = this.run(next);
        return;
      } catch (err) {
        if (signal.aborted) throw err;
        const delayMs = backoffDelay(RETRY_BACKOFF, failures);
        this.log.warn({ err: errorMessage(err), delayMs }, 'could not load the webhook certificate; retrying');
        await sleep(delayMs, signal);
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error('certificate manager stopped'));
    await this.loop;
  }

  private async run(firstCheck: Date): Promise<void> {
    const signal = this.abort.signal;
    let next = firstCheck;
    let failures = 0;
    while (!signal.aborted) {
      const interval = this.options.checkIntervalMs ?? 60_000;
      const waitMs = failures > 0 ? backoffDelay(RETRY_BACKOFF, failures) : Math.max(0, Math.min(interval, next.getTime() - this.now().getTime()));
      try {
        await sleep(waitMs, signal);
      } catch {
        return;
      }
      try {
        next = await this.syncOnce(signal);
        failures = 0;
      } catch (err) {
        // Read through a call: the flag changes while syncOnce awaits.
        if (isAborted(signal)) return;
        failures++;
        this.log.warn({ err: errorMessage(err), failures }, 'certificate check failed; retrying');
      }
    }
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** One pass: read, create or renew if due, load, align caBundle. Returns when the next check is due. */
  async syncOnce(signal: AbortSignal): Promise<Date> {
    if (this.options.mode === 'external') {
      const material = readMaterial(await this.readSecret(signal));
      if (material.tlsCertPem === undefined || material.tlsKeyPem === undefined) throw new Error(`secret ${this.options.secretName} has no tls.crt/tls.key yet`);
      this.load(material);
      return new Date(this.now().getTime() + (this.options.checkIntervalMs ?? 60_000));
    }
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const secret = await this.readSecret(signal);
      const material = readMaterial(secret);
      const now = this.now();
      const action = planCertificates(inspectMaterial(material), this.wantedNames(), now, this.policy);
      if (action.kind === 'none') {
        this.load(material);
        await this.alignCaBundles(material, signal);
        return action.recheckAt;
      }
      const next = await this.produce(action, material, now);
      try {
        await this.writeSecret(secret, next, signal);
      } catch (err) {
        // Another replica wrote first: use what it wrote.
        if ((isConflict(err) || isAlreadyExists(err)) && attempt < MAX_WRITE_ATTEMPTS) continue;
        throw err;
      }
      this.options.metrics?.certificateWritten(action.kind);
      this.log.info({ action: action.kind, ...(action.kind === 'renew-serving' ? { reason: action.reason } : {}), notAfter: next.tlsCertPem === undefined ? undefined : notAfterOf(next.tlsCertPem) }, 'webhook certificate written');
      // Loop: the next pass reads back what was written and loads it.
    }
    throw new Error(`certificates in secret ${this.options.secretName} did not settle after ${MAX_WRITE_ATTEMPTS} writes`);
  }

  private wantedNames(): string[] {
    return wantedSubjectAltNames(this.options.dnsNames, this.options.ipAddresses ?? []);
  }

  private async produce(action: Exclude<CertificateAction, { kind: 'none' }>, material: CertificateMaterial, now: Date): Promise<CertificateMaterial> {
    if (action.kind === 'create' || action.kind === 'rotate-ca') {
      const notBefore = new Date(now.getTime() - backdateMs(this.policy.caValidityMs));
      const ca = await createCertificateAuthority(CA_COMMON_NAME, now.getTime() + this.policy.caValidityMs - notBefore.getTime(), notBefore);
      const previous = action.kind === 'create' ? [] : splitPemBundle(material.bundlePem ?? material.caCertPem);
      const bundle = nextBundle({ pem: ca.certPem, notAfter: ca.cert.notAfter }, previous.map((pem) => ({ pem, notAfter: notAfterOf(pem) ?? new Date(0) })), now);
      const base = { caCertPem: ca.certPem, caKeyPem: ca.keyPem, bundlePem: bundle.map((c) => c.pem).join(''), bundleSince: now };
      // A rotated CA keeps the old serving certificate until the new bundle has propagated.
      if (action.kind === 'rotate-ca' && material.tlsCertPem !== undefined && material.tlsKeyPem !== undefined) {
        return { ...base, tlsCertPem: material.tlsCertPem, tlsKeyPem: material.tlsKeyPem };
      }
      return { ...base, ...(await this.issueServing(ca.certPem, ca.keyPem, now)) };
    }
    const caCertPem = material.caCertPem ?? '';
    const caKeyPem = material.caKeyPem ?? '';
    return { ...material, ...(await this.issueServing(caCertPem, caKeyPem, now)) };
  }

  private async issueServing(caCertPem: string, caKeyPem: string, now: Date): Promise<{ tlsCertPem: string; tlsKeyPem: string }> {
    const ca = await loadCertificateAuthority(caCertPem, caKeyPem);
    const validity = servingValidity(now, { notBefore: ca.cert.notBefore, notAfter: ca.cert.notAfter }, this.policy);
    const issued = await issueCertificate(ca, {
      commonName: this.options.dnsNames[0] ?? 'tenant-network-controller-webhook',
      dnsNames: this.options.dnsNames,
      ipAddresses: this.options.ipAddresses ?? [],
      usage: 'server',
      notBefore: validity.notBefore,
      validityMs: validity.notAfter.getTime() - validity.notBefore.getTime(),
    });
    return { tlsCertPem: issued.certPem, tlsKeyPem: issued.keyPem };
  }

  private async readSecret(signal: AbortSignal): Promise<SecretObject | undefined> {
    try {
      return await this.options.client.get<SecretObject>(CORE.secrets, this.options.secretName, this.options.namespace, signal);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Create, or replace at the read resourceVersion (409 when someone else wrote in between). */
  private async writeSecret(current: SecretObject | undefined, material: CertificateMaterial, signal: AbortSignal): Promise<void> {
    const { client, namespace, secretName } = this.options;
    const body = secretFor(secretName, namespace, material);
    if (current === undefined) {
      await client.create(CORE.secrets, body, signal);
      return;
    }
    // Keep what others put on the Secret (labels, annotations, owners); managedFields are the server's.
    const currentMetadata = { ...current.metadata };
    delete currentMetadata.managedFields;
    const metadata = {
      ...currentMetadata,
      labels: { ...currentMetadata.labels, ...body.metadata?.labels },
      annotations: { ...currentMetadata.annotations, ...body.metadata?.annotations },
      resourceVersion: currentMetadata.resourceVersion,
    };
    await client.request('PUT', resourcePath(CORE.secrets, { namespace, name: secretName }), { body: { ...body, metadata }, query: { fieldManager: client.fieldManager }, signal });
  }

  private load(material: CertificateMaterial): void {
    const { tlsCertPem, tlsKeyPem } = material;
    if (tlsCertPem === undefined || tlsKeyPem === undefined) return;
    if (this.serving?.certPem === tlsCertPem && this.serving.keyPem === tlsKeyPem) return;
    const serving = { certPem: tlsCertPem, keyPem: tlsKeyPem, notAfter: notAfterOf(tlsCertPem) };
    this.options.onServingCertificate(serving);
    this.serving = serving;
    this.options.metrics?.certificateLoaded(serving.notAfter);
    this.log.info({ notAfter: serving.notAfter }, 'serving certificate loaded');
  }

  /** Sets caBundle of every webhook in the configured configurations to the Secret's trust bundle. */
  private async alignCaBundles(material: CertificateMaterial, signal: AbortSignal): Promise<void> {
    const bundle = material.bundlePem ?? material.caCertPem;
    if (bundle === undefined) return;
    const caBundle = Buffer.from(bundle).toString('base64');
    const configurations = [
      ...(this.options.webhookConfigurations ?? []).map((name) => ({ type: MUTATING_WEBHOOK_CONFIGURATIONS, name })),
      ...(this.options.validatingWebhookConfigurations ?? []).map((name) => ({ type: VALIDATING_WEBHOOK_CONFIGURATIONS, name })),
    ];
    for (const { type, name } of configurations) {
      let config: MutatingWebhookConfiguration;
      try {
        config = await this.options.client.get<MutatingWebhookConfiguration>(type, name, undefined, signal);
      } catch (err) {
        // Installed after the controller (or removed): nothing to align yet; the next pass retries.
        if (isNotFound(err)) {
          this.log.debug({ configuration: name }, 'webhook configuration not found; caBundle not set');
          continue;
        }
        throw err;
      }
      const ops: JsonPatchOperation[] = [];
      config.webhooks.forEach((webhook, i) => {
        const clientConfig = webhook.clientConfig as { caBundle?: string } | undefined;
        if (clientConfig?.caBundle === caBundle) return;
        ops.push({ op: 'test', path: `/webhooks/${i}/name`, value: webhook.name }, { op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: caBundle });
      });
      if (ops.length === 0) continue;
      await this.options.client.jsonPatch(type, name, ops, { signal });
      this.log.info({ configuration: name, webhooks: ops.length / 2 }, 'caBundle updated');
    }
  }
}
