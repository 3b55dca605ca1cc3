// When the webhook's certificates need work (pure). The CA signs the serving certificate; the
// apiserver trusts the CA bundle in the webhook configuration's caBundle. Rotation is staged so no
// request fails: a new CA first joins the bundle next to the old one (the serving certificate is
// unchanged), and only after the bundle has had time to reach every apiserver is the serving
// certificate re-issued from the new CA. Renewal starts `renewBeforeRatio` of a lifetime before expiry
// (cert-manager's default is a third).

export interface CertificatePolicy {
  readonly caValidityMs: number;
  readonly certValidityMs: number;
  /** Fraction of a certificate's lifetime before expiry at which it is renewed (0 < r < 1). */
  readonly renewBeforeRatio: number;
  /** How long a new CA sits in the bundle before serving certificates it signed are used. */
  readonly caPropagationDelayMs: number;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

export const DEFAULT_CERTIFICATE_POLICY: CertificatePolicy = {
  caValidityMs: 10 * YEAR_MS,
  certValidityMs: YEAR_MS,
  renewBeforeRatio: 1 / 3,
  caPropagationDelayMs: 60_000,
};

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** What the stored certificates are, as read from the Secret (undefined parts are missing or unreadable). */
export interface StoredCertificates {
  /** The CA whose key is stored (the one that signs). */
  readonly ca?: Validity;
  readonly serving?: Validity & {
    /** `DNS:name` and `IP:address` entries. */
    readonly subjectAltNames: readonly string[];
    readonly issuedByCurrentCa: boolean;
  };
  /** When the current CA joined the trust bundle. */
  readonly bundleSince?: Date;
}

export type RenewReason = 'Missing' | 'Expiring' | 'NamesChanged' | 'NewCa';

export type CertificateAction =
  | { readonly kind: 'create' }
  | { readonly kind: 'rotate-ca' }
  | { readonly kind: 'renew-serving'; readonly reason: RenewReason }
  | { readonly kind: 'none'; readonly recheckAt: Date };

export function renewalTime(validity: Validity, renewBeforeRatio: number): Date {
  const lifetime = validity.notAfter.getTime() - validity.notBefore.getTime();
  return new Date(validity.notAfter.getTime() - lifetime * renewBeforeRatio);
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((name, i) => name === right[i]);
}

export function planCertificates(stored: StoredCertificates | undefined, wantedNames: readonly string[], now: Date, policy: CertificatePolicy): CertificateAction {
  const ca = stored?.ca;
  if (ca === undefined || now >= ca.notAfter) return { kind: 'create' };
  const caRenewal = renewalTime(ca, policy.renewBeforeRatio);
  if (now >= caRenewal) return { kind: 'rotate-ca' };
  const serving = stored?.serving;
  if (serving === undefined || now >= serving.notAfter) return { kind: 'renew-serving', reason: 'Missing' };
  const servingRenewal = renewalTime(serving, policy.renewBeforeRatio);
  if (!serving.issuedByCurrentCa) {
    const trustedAt = new Date((stored?.bundleSince ?? now).getTime() + policy.caPropagationDelayMs);
    if (now >= trustedAt || now >= servingRenewal) return { kind: 'renew-serving', reason: 'NewCa' };
    return { kind: 'none', recheckAt: trustedAt };
  }
  if (!sameNames(serving.subjectAltNames, wantedNames)) return { kind: 'renew-serving', reason: 'NamesChanged' };
  if (now >= servingRenewal) return { kind: 'renew-serving', reason: 'Expiring' };
  return { kind: 'none', recheckAt: caRenewal < servingRenewal ? caRenewal : servingRenewal };
}

/** Validity of a new serving certificate: never beyond its CA (backdated a little for clock skew). */
export function servingValidity(now: Date, ca: Validity, policy: CertificatePolicy): Validity {
  const notBefore = new Date(now.getTime() - backdateMs(policy.certValidityMs));
  const notAfter = new Date(Math.min(now.getTime() + policy.certValidityMs, ca.notAfter.getTime()));
  return { notBefore, notAfter };
}

/** Backdating covers clocks a little behind ours, without eating a short test lifetime. */
export function backdateMs(validityMs: number): number {
  return Math.min(60_000, Math.floor(validityMs / 10));
}

/** CA certificates to keep trusting: the current one first, then older ones until they expire. */
export function nextBundle<T extends { readonly notAfter: Date; readonly pem: string }>(current: T, previous: readonly T[], now: Date): T[] {
  const kept = previous.filter((c) => c.pem !== current.pem && c.notAfter > now);
  return [current, ...kept];
}
