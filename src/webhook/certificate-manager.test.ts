import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../kube/api-error.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { silentLogger } from '../util/logger.js';
import { WebhookCertificateManager, type ServingCertificate } from './certificate-manager.js';
import type { SecretObject } from './certificate-secret.js';

/** Just enough of the apiserver for one Secret: create races and resourceVersion preconditions. */
function fakeSecretStore() {
  let stored: SecretObject | undefined;
  let version = 0;
  const writes: string[] = [];
  const later = <T>(value: () => T): Promise<T> => new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        resolve(value());
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
  const client = {
    fieldManager: 'test',
    get: () => later(() => {
      if (stored === undefined) throw new KubeApiError(404, 'NotFound', 'not found', false);
      return structuredClone(stored);
    }),
    create: (_type: unknown, object: KubeObject) => later(() => {
      if (stored !== undefined) throw new KubeApiError(409, 'AlreadyExists', 'exists', false);
      stored = { ...structuredClone(object), metadata: { ...object.metadata, resourceVersion: String(++version) } };
      writes.push('create');
      return stored;
    }),
    request: (_method: string, _path: string, options: { body: SecretObject }) => later(() => {
      if (stored?.metadata?.resourceVersion !== options.body.metadata?.resourceVersion) throw new KubeApiError(409, 'Conflict', 'conflict', true);
      stored = { ...structuredClone(options.body), metadata: { ...options.body.metadata, resourceVersion: String(++version) } };
      writes.push('update');
      return stored;
    }),
  } as unknown as KubeClient;
  return { client, writes, secret: () => stored, put: (s: SecretObject) => { stored = { ...s, metadata: { ...s.metadata, resourceVersion: String(++version) } }; } };
}

function manager(client: KubeClient, loaded: ServingCertificate[], mode: 'self-signed' | 'external' = 'self-signed'): WebhookCertificateManager {
  return new WebhookCertificateManager({
    client, mode, namespace: 'ns', secretName: 'tls', dnsNames: ['svc.ns.svc'], ipAddresses: ['127.0.0.1'],
    log: silentLogger(), onServingCertificate: (c) => loaded.push(c), checkIntervalMs: 60_000,
  });
}

describe('WebhookCertificateManager', () => {
  it('lets two replicas race to create the Secret and end up serving the same certificate', async () => {
    const store = fakeSecretStore();
    const a: ServingCertificate[] = [];
    const b: ServingCertificate[] = [];
    const first = manager(store.client, a);
    const second = manager(store.client, b);
    await Promise.all([first.start(), second.start()]);
    await Promise.all([first.stop(), second.stop()]);
    expect(store.writes).toEqual(['create']);
    expect(a).toHaveLength(1);
    expect(a[0]?.certPem).toBe(b[0]?.certPem);
    expect(Buffer.from(store.secret()?.data?.['tls.crt'] ?? '', 'base64').toString()).toBe(a[0]?.certPem);
  });

  it('in external mode only loads what someone else wrote, and reloads when it changes', async () => {
    const store = fakeSecretStore();
    const loaded: ServingCertificate[] = [];
    const pem = (text: string): string => Buffer.from(text).toString('base64');
    store.put({ metadata: { name: 'tls', namespace: 'ns' }, data: { 'tls.crt': pem('cert-1'), 'tls.key': pem('key-1') } });
    const external = manager(store.client, loaded, 'external');
    await external.start();
    const signal = new AbortController().signal;
    await external.syncOnce(signal);
    store.put({ metadata: { name: 'tls', namespace: 'ns' }, data: { 'tls.crt': pem('cert-2'), 'tls.key': pem('key-2') } });
    await external.syncOnce(signal);
    await external.stop();
    expect(loaded.map((c) => c.certPem)).toEqual(['cert-1', 'cert-2']);
    expect(store.writes).toEqual([]);
  });
});
