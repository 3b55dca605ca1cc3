// The Secret that holds the webhook's certificates, and what its contents are. Key names follow
// cert-manager's (`tls.crt`, `tls.key`, `ca.crt`), so the same Secret shape works whether the
// controller or cert-manager maintains it; `ca.key` and `ca-bundle.crt` exist only in self-managed mode.
import { X509Certificate } from 'node:crypto';
import { API_GROUP, CONTROLLER_NAME, LABEL_MANAGED_BY } from '../api/constants.js';
import type { KubeObject } from '../kube/kube-client.js';
import type { StoredCertificates } from './certificate-plan.js';

export const SECRET_KEYS = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  bundle: 'ca-bundle.crt',
  tlsCert: 'tls.crt',
  tlsKey: 'tls.key',
} as const;

/** When the current CA joined the trust bundle (RFC 3339), for staged CA rotation. */
export const ANNOTATION_BUNDLE_SINCE = `${API_GROUP}/ca-bundle-since`;

export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export interface CertificateMaterial {
  readonly caCertPem?: string;
  readonly caKeyPem?: string;
  /** PEM certificates the apiserver should trust (current CA first). */
  readonly bundlePem?: string;
  readonly tlsCertPem?: string;
  readonly tlsKeyPem?: string;
  readonly bundleSince?: Date;
}

function decoded(data: Record<string, string> | undefined, key: string): string | undefined {
  const value = data?.[key];
  if (value === undefined || value === '') return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

export function readMaterial(secret: SecretObject | undefined): CertificateMaterial {
  if (secret === undefined) return {};
  const since = secret.metadata?.annotations?.[ANNOTATION_BUNDLE_SINCE];
  const sinceDate = since === undefined ? undefined : new Date(since);
  const fields: [Exclude<keyof CertificateMaterial, 'bundleSince'>, string][] = [
    ['caCertPem', SECRET_KEYS.caCert],
    ['caKeyPem', SECRET_KEYS.caKey],
    ['bundlePem', SECRET_KEYS.bundle],
    ['tlsCertPem', SECRET_KEYS.tlsCert],
    ['tlsKeyPem', SECRET_KEYS.tlsKey],
  ];
  const texts = Object.fromEntries(fields.flatMap(([field, key]) => {
    const value = decoded(secret.data, key);
    return value === undefined ? [] : [[field, value]];
  })) as Omit<CertificateMaterial, 'bundleSince'>;
  return sinceDate === undefined || Number.isNaN(sinceDate.getTime()) ? texts : { ...texts, bundleSince: sinceDate };
}

/** The Secret body for some material (labels and the bundle timestamp included). */
export function secretFor(name: string, namespace: string, material: CertificateMaterial): SecretObject {
  const data: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value !== undefined) data[key] = Buffer.from(value).toString('base64');
  };
  put(SECRET_KEYS.caCert, material.caCertPem);
  put(SECRET_KEYS.caKey, material.caKeyPem);
  put(SECRET_KEYS.bundle, material.bundlePem);
  put(SECRET_KEYS.tlsCert, material.tlsCertPem);
  put(SECRET_KEYS.tlsKey, material.tlsKeyPem);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME },
      ...(material.bundleSince === undefined ? {} : { annotations: { [ANNOTATION_BUNDLE_SINCE]: material.bundleSince.toISOString() } }),
    },
    type: 'kubernetes.io/tls',
    data,
  };
}

export function splitPemBundle(pem: string | undefined): string[] {
  if (pem === undefined) return [];
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => `${m[0]}\n`);
}

function parse(pem: string | undefined): X509Certificate | undefined {
  if (pem === undefined) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** `DNS:name` / `IP:address`, the form the planner compares. */
export function subjectAltNamesOf(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replace(/^IP Address:/, 'IP:'));
}

export function wantedSubjectAltNames(dnsNames: readonly string[], ipAddresses: readonly string[]): string[] {
  return [...dnsNames.map((n) => `DNS:${n}`), ...ipAddresses.map((ip) => `IP:${ip}`)];
}

/** Parses what the planner needs; unreadable parts count as missing. */
export function inspectMaterial(material: CertificateMaterial): StoredCertificates {
  const ca = material.caKeyPem === undefined ? undefined : parse(material.caCertPem);
  const serving = material.tlsKeyPem === undefined ? undefined : parse(material.tlsCertPem);
  return {
    ...(ca === undefined ? {} : { ca: { notBefore: ca.validFromDate, notAfter: ca.validToDate } }),
    ...(serving === undefined
      ? {}
      : {
          serving: {
            notBefore: serving.validFromDate,
            notAfter: serving.validToDate,
            subjectAltNames: subjectAltNamesOf(serving),
            issuedByCurrentCa: ca !== undefined && serving.checkIssued(ca) && serving.verify(ca.publicKey),
          },
        }),
    ...(material.bundleSince === undefined ? {} : { bundleSince: material.bundleSince }),
  };
}

export function notAfterOf(pem: string): Date | undefined {
  return parse(pem)?.validToDate;
}
