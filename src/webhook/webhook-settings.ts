// The `webhook` section of the controller's config file: defaults, validation (pure, with messages
// that name the bad value) and the AdmissionConfig it becomes. `cmd/config.ts` merges the section
// like `calico`/`qingcloud`.
import { isIP } from 'node:net';
import { bitsPerSecondOf } from './bandwidth-quantity.js';
import type { CertificateMode } from './certificate-manager.js';
import type { AdmissionConfig } from './create-admission-server.js';
import { DEFAULT_ADMIN_GROUPS, PROTECTION_RULES } from './protection-rules.js';
import { ANNOTATION_SET_NAMES, isAnnotationSetName, type AnnotationSetName } from './pod-keys.js';

const DAY_MS = 24 * 3600 * 1000;

export interface WebhookSettings {
  /** Serve the pod webhook (every replica). */
  enabled: boolean;
  /** HTTPS port of the webhook (the Service's targetPort). */
  port: number;
  /** Bandwidth annotations to stamp: "kubernetes" (bandwidth CNI plugin) and/or "calico" (Calico ≥ 3.30 QoS). */
  annotationSets: AnnotationSetName[];
  /**
   * Calico's burst (bits, a quantity such as "16Mi") stamped with every limit, as
   * qos.projectcalico.org/{ingress,egress}Burst: what passes at full speed before the cap bites
   * (Calico's own default is 4Gi bits, 512 MiB). "" stamps none.
   */
  calicoBurst: string;
  /** "self-signed": the controller keeps a CA and serving certificate in `secretName` and patches caBundle; "external": cert-manager does both. */
  certificates: CertificateMode;
  /** Secret (in the controller's namespace) holding the certificates. */
  secretName: string;
  /** Service in front of the webhook port: the serving certificate is issued for its DNS names. */
  serviceName: string;
  /** MutatingWebhookConfiguration whose caBundle the controller keeps (self-signed mode). */
  configurationName: string;
  caValidityDays: number;
  certValidityDays: number;
  /**
   * IP addresses the serving certificate names as well, for a webhook configuration that calls a
   * URL such as https://127.0.0.1:9443 instead of the Service (the local demo does).
   */
  ipAddresses: string[];
  /** The protection rules as a validating webhook; the chart turns it on where admission policies cannot run. */
  protection: ProtectionSettings;
}

export interface ProtectionSettings {
  enabled: boolean;
  /** Adds the strict-mode rule (no NetworkPolicy writes by tenants in projects). */
  strict: boolean;
  /** ValidatingWebhookConfiguration whose caBundle the controller keeps (self-signed mode). */
  configurationName: string;
  /** Who may: the same parameters the admission policies read from their ConfigMap. */
  controllerUsers: string[];
  adminGroups: string[];
  adminUsers: string[];
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  enabled: true,
  port: 9443,
  annotationSets: ['kubernetes'],
  calicoBurst: '16Mi',
  certificates: 'self-signed',
  secretName: 'tenant-network-controller-webhook-tls',
  serviceName: 'tenant-network-controller-webhook',
  configurationName: 'tenant-network-controller',
  caValidityDays: 3650,
  certValidityDays: 365,
  ipAddresses: [],
  protection: { enabled: false, strict: false, configurationName: 'tenant-network-controller-protection', controllerUsers: [], adminGroups: [...DEFAULT_ADMIN_GROUPS], adminUsers: [] },
};

const CERTIFICATE_MODES: readonly CertificateMode[] = ['self-signed', 'external'];
/** The burst range Calico accepts (it clamps anything outside). */
const CALICO_MIN_BURST_BITS = 1000;
const CALICO_MAX_BURST_BITS = 34_359_738_360;

function calicoBurstBits(quantity: unknown): number | undefined {
  const bits = typeof quantity === 'string' ? bitsPerSecondOf(quantity) : undefined;
  return bits !== undefined && bits >= CALICO_MIN_BURST_BITS && bits <= CALICO_MAX_BURST_BITS ? bits : undefined;
}
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function webhookSettingsErrors(s: WebhookSettings): string[] {
  const errors: string[] = [];
  if (typeof s.enabled !== 'boolean') errors.push('webhook.enabled: must be true or false');
  if (!Number.isInteger(s.port) || s.port < 0 || s.port > 65535) errors.push(`webhook.port: ${JSON.stringify(s.port)} is not a port`);
  if (!Array.isArray(s.annotationSets) || s.annotationSets.length === 0) errors.push(`webhook.annotationSets: needs one or more of ${ANNOTATION_SET_NAMES.join(', ')}`);
  else for (const set of s.annotationSets as unknown[]) if (!isAnnotationSetName(set)) errors.push(`webhook.annotationSets: ${JSON.stringify(set)} is not one of ${ANNOTATION_SET_NAMES.join(', ')}`);
  if (s.calicoBurst !== '' && calicoBurstBits(s.calicoBurst) === undefined) errors.push(`webhook.calicoBurst: ${JSON.stringify(s.calicoBurst)} is not a burst in bits from ${CALICO_MIN_BURST_BITS} to ${CALICO_MAX_BURST_BITS} (e.g. "16Mi"), or "" for none`);
  if (!(CERTIFICATE_MODES as readonly unknown[]).includes(s.certificates)) errors.push(`webhook.certificates: ${JSON.stringify(s.certificates)} is not self-signed or external`);
  for (const key of ['secretName', 'serviceName', 'configurationName'] as const) {
    if (typeof s[key] !== 'string' || !NAME.test(s[key]) || s[key].length > 253) errors.push(`webhook.${key}: ${JSON.stringify(s[key])} is not an object name`);
  }
  if (!Array.isArray(s.ipAddresses)) errors.push('webhook.ipAddresses: must be a list of IP addresses');
  else for (const ip of s.ipAddresses as unknown[]) if (typeof ip !== 'string' || isIP(ip) === 0) errors.push(`webhook.ipAddresses: ${JSON.stringify(ip)} is not an IP address`);
  for (const key of ['caValidityDays', 'certValidityDays'] as const) {
    if (!Number.isFinite(s[key]) || s[key] < 1) errors.push(`webhook.${key}: ${JSON.stringify(s[key])} must be at least 1`);
  }
  if (Number.isFinite(s.caValidityDays) && Number.isFinite(s.certValidityDays) && s.certValidityDays > s.caValidityDays) {
    errors.push(`webhook.certValidityDays: ${s.certValidityDays} must not exceed caValidityDays (${s.caValidityDays})`);
  }
  errors.push(...protectionSettingsErrors(s.protection));
  return errors;
}

/** The section comes from a JSON file: every field is checked, whatever its declared type. */
function protectionSettingsErrors(section: unknown): string[] {
  if (typeof section !== 'object' || section === null) return ['webhook.protection: must be an object'];
  const p = section as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of ['enabled', 'strict']) if (typeof p[key] !== 'boolean') errors.push(`webhook.protection.${key}: must be true or false`);
  if (typeof p.configurationName !== 'string' || !NAME.test(p.configurationName)) errors.push(`webhook.protection.configurationName: ${JSON.stringify(p.configurationName)} is not an object name`);
  const names = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '' && !v.includes(','));
  for (const key of ['controllerUsers', 'adminGroups', 'adminUsers']) if (!names(p[key])) errors.push(`webhook.protection.${key}: must be a list of user or group names`);
  if (p.enabled === true && names(p.controllerUsers) && p.controllerUsers.length === 0) errors.push('webhook.protection.controllerUsers: names no one, so the controller could not write its own labels and policies');
  return errors;
}

/** The DNS names a Service is reached by from the apiserver. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

export function admissionConfigFrom(s: WebhookSettings, namespace: string): AdmissionConfig {
  return {
    port: s.port,
    annotationSets: s.annotationSets,
    ...(s.calicoBurst === '' ? {} : { calicoBurstBits: calicoBurstBits(s.calicoBurst) ?? 0 }),
    certificates: {
      mode: s.certificates,
      namespace,
      secretName: s.secretName,
      dnsNames: serviceDnsNames(s.serviceName, namespace),
      ...(s.ipAddresses.length === 0 ? {} : { ipAddresses: s.ipAddresses }),
      webhookConfigurationName: s.configurationName,
      policy: { caValidityMs: s.caValidityDays * DAY_MS, certValidityMs: s.certValidityDays * DAY_MS },
    },
    ...(s.protection.enabled
      ? {
          protection: {
            rules: PROTECTION_RULES.filter((rule) => !rule.strictOnly || s.protection.strict),
            params: { controllerUsers: s.protection.controllerUsers, adminGroups: s.protection.adminGroups, adminUsers: s.protection.adminUsers, bandwidthAnnotationSets: s.annotationSets },
            configurationName: s.protection.configurationName,
          },
        }
      : {}),
  };
}
