import { afterEach, describe, expect, it } from '@jest/globals';
import { connect } from 'node:tls';
import { Registry } from 'prom-client';
import { Agent, request } from 'undici';
import { createCertificateAuthority, issueCertificate } from '../pki/certificates.js';
import { silentLogger } from '../util/logger.js';
import { AdmissionHttpsServer } from './admission-server.js';
import { createWebhookMetrics } from './webhook-metrics.js';

const HOUR = 3_600_000;
const running: AdmissionHttpsServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function servingPair(): Promise<{ ca: string; certPem: string; keyPem: string }> {
  const ca = await createCertificateAuthority('ca', HOUR);
  const leaf = await issueCertificate(ca, { commonName: 'x', ipAddresses: ['127.0.0.1'], usage: 'server', validityMs: HOUR });
  return { ca: ca.certPem, ...leaf };
}

function servedSerial(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('AdmissionHttpsServer', () => {
  it('routes, rejects what is not an admission POST, reports unavailability and counts outcomes', async () => {
    const tls = await servingPair();
    const registry = new Registry();
    let unavailable: string | undefined = 'caches not synced';
    const server = new AdmissionHttpsServer({
      handlers: { '/mutate': (body) => ({ outcome: 'patched', body: { echo: body } }), '/boom': () => { throw new Error('boom'); } },
      unavailable: () => unavailable,
      metrics: createWebhookMetrics(registry),
      log: silentLogger(),
      maxBodyBytes: 1024,
    }, tls);
    running.push(server);
    const port = await server.listen(0, '127.0.0.1');
    const agent = new Agent({ connect: { ca: tls.ca } });
    const call = async (path: string, method = 'POST', body = '{"a":1}'): Promise<[number, string]> => {
      const response = await request(`https://127.0.0.1:${port}${path}`, { method: method as 'POST', body: method === 'POST' ? body : undefined, dispatcher: agent });
      return [response.statusCode, await response.body.text()];
    };
    try {
      expect(await call('/mutate')).toEqual([503, 'caches not synced\n']);
      unavailable = undefined;
      expect(await call('/mutate')).toEqual([200, '{"echo":{"a":1}}']);
      expect(await call('/nope')).toEqual([404, 'not found\n']);
      expect((await call('/mutate', 'GET'))[0]).toBe(405);
      expect(await call('/mutate', 'POST', '{')).toEqual([400, 'body is not JSON\n']);
      expect((await call('/mutate', 'POST', `"${'x'.repeat(2000)}"`))[0]).toBe(413);
      expect(await call('/boom')).toEqual([500, 'internal error\n']);
    } finally {
      await agent.close();
    }
    const text = await registry.metrics();
    expect(text).toContain('tenant_network_webhook_requests_total{webhook="/mutate",outcome="patched"} 1');
    expect(text).toContain('tenant_network_webhook_requests_total{webhook="/mutate",outcome="unavailable"} 1');
    expect(text).toContain('tenant_network_webhook_requests_total{webhook="/boom",outcome="error"} 1');
  });

  it('serves a new certificate after setCertificate without restarting', async () => {
    const first = await servingPair();
    const second = await servingPair();
    const server = new AdmissionHttpsServer({ handlers: {}, log: silentLogger() }, first);
    running.push(server);
    const port = await server.listen(0, '127.0.0.1');
    const before = await servedSerial(port);
    server.setCertificate(second);
    const after = await servedSerial(port);
    expect(after).not.toBe(before);
    expect(server.port).toBe(port);
  });
});
