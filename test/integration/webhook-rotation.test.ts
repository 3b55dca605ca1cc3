// Certificate rotation without a restart: with lifetimes of seconds, the serving certificate is
// renewed several times and the CA once (staged: the new CA joins the caBundle first), while the
// apiserver keeps calling the same running webhook over TLS — every pod created meanwhile comes back
// mutated (failurePolicy Ignore would let an unmutated pod through if a call failed), and a fresh
// TLS client trusting only the published caBundle always verifies the served certificate.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { MUTATING_WEBHOOK_CONFIGURATIONS, type MutatingWebhookConfiguration } from '../../src/webhook/webhook-configuration.js';
import { startWebhookEnv, type WebhookEnv } from '../support/webhook-env.js';

const id = `whr${Date.now().toString(36).slice(-5)}`;
const WS = `${id}-ws`;
const PROJECT = `${id}-p1`;
const RUN_MS = 24_000;

interface Observation {
  readonly serial: string;
  readonly issuer: string;
  readonly authorized: boolean;
  readonly authorizationError?: string;
}

/** The certificate the webhook serves now, and whether it verifies against `caBundle` alone. */
async function observe(port: number, caBundle: string): Promise<Observation> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: caBundle, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerCertificate(true) as DetailedPeerCertificate & PeerCertificate;
      const error = socket.authorizationError as Error | string | null;
      resolve({
        serial: cert.serialNumber,
        issuer: cert.issuerCertificate.fingerprint256,
        authorized: socket.authorized,
        ...(error === null ? {} : { authorizationError: String(error) }),
      });
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('webhook certificate rotation', () => {
  let env: WebhookEnv;

  beforeAll(async () => {
    env = await startWebhookEnv(id, {
      policy: { caValidityMs: 24_000, certValidityMs: 6_000, renewBeforeRatio: 1 / 3, caPropagationDelayMs: 1_500 },
      checkIntervalMs: 500,
    });
    await env.createProject(WS, PROJECT, { ingress: '100M' });
  }, 90_000);

  afterAll(async () => {
    await env.stop();
  }, 60_000);

  it('renews the serving certificate and the CA while the apiserver keeps getting answers', async () => {
    const observations: Observation[] = [];
    const unmutated: string[] = [];
    const started = Date.now();
    for (let i = 0; Date.now() - started < RUN_MS; i++) {
      const config = await env.core.admin.get<MutatingWebhookConfiguration>(MUTATING_WEBHOOK_CONFIGURATIONS, env.configurationName);
      const caBundle = Buffer.from((config.webhooks[0]?.clientConfig as { caBundle?: string }).caBundle ?? '', 'base64').toString();
      observations.push(await observe(env.port, caBundle));
      const pod = await env.createPod(PROJECT, `pod-${i}`);
      if (pod.metadata?.annotations?.['kubernetes.io/ingress-bandwidth'] !== '100M') unmutated.push(pod.metadata?.name ?? '');
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    const serials = new Set(observations.map((o) => o.serial));
    const issuers = new Set(observations.map((o) => o.issuer));
    const text = await env.registry.metrics();
    process.stderr.write(`[webhook-rotation] ${observations.length} pods over ${RUN_MS} ms: ${serials.size} serving certificates from ${issuers.size} CAs\n`);
    expect(unmutated).toEqual([]);
    expect(observations.filter((o) => !o.authorized)).toEqual([]);
    expect(serials.size).toBeGreaterThanOrEqual(4);
    expect(issuers.size).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/tenant_network_webhook_certificate_writes_total\{kind="rotate-ca"\} [1-9]/);
    expect(text).toMatch(/tenant_network_webhook_certificate_writes_total\{kind="renew-serving"\} [1-9]/);
    // Still the same server on the same port, and it still answers.
    const after = await env.createPod(PROJECT, 'after');
    expect(after.metadata?.annotations?.['kubernetes.io/ingress-bandwidth']).toBe('100M');
  }, 60_000);
});
