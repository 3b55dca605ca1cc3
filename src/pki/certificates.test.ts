import { describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { createCertificateAuthority, issueCertificate, loadCertificateAuthority } from './certificates.js';

const certificateNotAfter = (certPem: string): Date => new X509Certificate(certPem).validToDate;

const DAY = 86_400_000;

describe('certificates', () => {
  it('issues a server certificate that chains to the CA and carries the SANs', async () => {
    const ca = await createCertificateAuthority('test-ca', DAY);
    const server = await issueCertificate(ca, { commonName: 'webhook', dnsNames: ['svc.ns.svc'], ipAddresses: ['127.0.0.1'], usage: 'server', validityMs: DAY });
    const parsed = new X509Certificate(server.certPem);
    expect(parsed.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(parsed.subjectAltName).toContain('DNS:svc.ns.svc');
    expect(parsed.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(parsed.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(parsed.ca).toBe(false);
    expect(new X509Certificate(ca.certPem).ca).toBe(true);
  });

  it('puts groups in O fields of a client certificate', async () => {
    const ca = await createCertificateAuthority('client-ca', DAY);
    const client = await issueCertificate(ca, { commonName: 'alice', organizations: ['system:masters', 'devs'], usage: 'client', validityMs: DAY });
    const subject = new X509Certificate(client.certPem).subject;
    expect(subject).toContain('CN=alice');
    expect(subject).toContain('O=system:masters');
    expect(subject).toContain('O=devs');
  });

  it('reloads a CA from PEM and keeps issuing verifiable certificates', async () => {
    const original = await createCertificateAuthority('ca', DAY);
    const reloaded = await loadCertificateAuthority(original.certPem, original.keyPem);
    const leaf = await issueCertificate(reloaded, { commonName: 'x', usage: 'server', validityMs: DAY, ipAddresses: ['127.0.0.1'] });
    expect(new X509Certificate(leaf.certPem).verify(new X509Certificate(original.certPem).publicKey)).toBe(true);
  });

  it('reports the expiry it was asked for', async () => {
    const notBefore = new Date('2030-01-01T00:00:00Z');
    const ca = await createCertificateAuthority('ca', 10 * DAY, notBefore);
    const leaf = await issueCertificate(ca, { commonName: 'x', usage: 'server', validityMs: 2 * DAY, notBefore });
    expect(certificateNotAfter(leaf.certPem).toISOString()).toBe('2030-01-03T00:00:00.000Z');
    expect(leaf.notAfter.toISOString()).toBe('2030-01-03T00:00:00.000Z');
  });
});
