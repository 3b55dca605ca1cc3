import { describe, expect, it } from '@jest/globals';
import { createCertificateAuthority, issueCertificate } from '../pki/certificates.js';
import { inspectMaterial, readMaterial, secretFor, splitPemBundle, wantedSubjectAltNames } from './certificate-secret.js';

const HOUR = 3_600_000;

describe('certificate Secret', () => {
  it('round-trips material through the Secret, as a kubernetes.io/tls Secret', async () => {
    const ca = await createCertificateAuthority('ca', HOUR);
    const since = new Date('2030-01-01T00:00:00.000Z');
    const material = { caCertPem: ca.certPem, caKeyPem: ca.keyPem, bundlePem: ca.certPem, tlsCertPem: 'cert', tlsKeyPem: 'key', bundleSince: since };
    const secret = secretFor('tls', 'ns', material);
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['ca-bundle.crt', 'ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
    expect(readMaterial(secret)).toEqual(material);
    expect(readMaterial(undefined)).toEqual({});
  });

  it('reads a cert-manager Secret (no CA key, no bundle)', () => {
    const secret = { data: { 'tls.crt': Buffer.from('c').toString('base64'), 'tls.key': Buffer.from('k').toString('base64'), 'ca.crt': Buffer.from('a').toString('base64') } };
    expect(readMaterial(secret)).toEqual({ tlsCertPem: 'c', tlsKeyPem: 'k', caCertPem: 'a' });
  });

  it('tells which CA issued the serving certificate and for which names', async () => {
    const ca = await createCertificateAuthority('ca', HOUR);
    const other = await createCertificateAuthority('ca', HOUR);
    const leaf = await issueCertificate(ca, { commonName: 'svc', dnsNames: ['svc.ns.svc'], ipAddresses: ['127.0.0.1'], usage: 'server', validityMs: HOUR / 2 });
    const stored = inspectMaterial({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, tlsCertPem: leaf.certPem, tlsKeyPem: leaf.keyPem });
    expect(stored.serving?.issuedByCurrentCa).toBe(true);
    expect(stored.serving?.subjectAltNames).toEqual(wantedSubjectAltNames(['svc.ns.svc'], ['127.0.0.1']));
    expect(Math.abs((stored.serving?.notAfter.getTime() ?? 0) - leaf.notAfter.getTime())).toBeLessThan(1000);
    const rotated = inspectMaterial({ caCertPem: other.certPem, caKeyPem: other.keyPem, tlsCertPem: leaf.certPem, tlsKeyPem: leaf.keyPem });
    expect(rotated.serving?.issuedByCurrentCa).toBe(false);
  });

  it('treats unreadable or keyless parts as missing', () => {
    expect(inspectMaterial({ caCertPem: 'garbage', caKeyPem: 'k', tlsCertPem: 'junk', tlsKeyPem: 'k' })).toEqual({});
  });

  it('splits a bundle into certificates', async () => {
    const a = await createCertificateAuthority('a', HOUR);
    const b = await createCertificateAuthority('b', HOUR);
    expect(splitPemBundle(a.certPem + b.certPem)).toEqual([a.certPem, b.certPem]);
    expect(splitPemBundle(undefined)).toEqual([]);
  });
});
