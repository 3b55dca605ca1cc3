import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../../kube/api-error.js';
import type { KubeClient } from '../../kube/kube-client.js';
import { DEFAULT_QINGCLOUD_CONFIG, PUBLIC_QINGCLOUD_ENDPOINT, type QingCloudConfig } from './config.js';
import { loadQingCloudConnection, resolveQingCloudConnection } from './connection.js';

const config = (overrides: Partial<QingCloudConfig> = {}): QingCloudConfig => ({ ...DEFAULT_QINGCLOUD_CONFIG, ...overrides });
const fromSecret = { credentials: { accessKeyId: 'SECRETAK', secretAccessKey: 'secret-sk' }, zone: 'secret-zone', endpoint: 'https://secret.example/iaas/' };
const envCreds = { QINGCLOUD_ACCESS_KEY_ID: 'ENVAK', QINGCLOUD_SECRET_ACCESS_KEY: 'env-sk' };

describe('resolveQingCloudConnection', () => {
  it.each([
    ['the Secret alone', config(), {}, fromSecret, { endpoint: 'https://secret.example/iaas/', zone: 'secret-zone', accessKeyId: 'SECRETAK', source: 'secret ns/qingcloud-credentials' }],
    ['the config file over the Secret', config({ zone: 'pek3', endpoint: 'https://file.example/iaas/' }), {}, fromSecret, { endpoint: 'https://file.example/iaas/', zone: 'pek3', accessKeyId: 'SECRETAK', source: 'secret ns/qingcloud-credentials' }],
    ['the environment over both', config({ zone: 'pek3' }), { ...envCreds, QINGCLOUD_ZONE: 'sim1a', QINGCLOUD_ENDPOINT: 'http://127.0.0.1:1/iaas/' }, undefined, { endpoint: 'http://127.0.0.1:1/iaas/', zone: 'sim1a', accessKeyId: 'ENVAK', source: 'environment' }],
    ['the public endpoint when nobody names one', config({ zone: 'pek3' }), envCreds, undefined, { endpoint: PUBLIC_QINGCLOUD_ENDPOINT, zone: 'pek3', accessKeyId: 'ENVAK', source: 'environment' }],
  ])('takes %s', (_label, cfg, env, secret, expected) => {
    const result = resolveQingCloudConnection(cfg, env, secret, 'ns/qingcloud-credentials');
    expect(result.ok && { endpoint: result.connection.endpoint, zone: result.connection.zone, accessKeyId: result.connection.credentials.accessKeyId, source: result.connection.credentialsSource }).toEqual(expected);
  });

  it.each([
    ['half the credentials in the environment', config({ zone: 'z' }), { QINGCLOUD_ACCESS_KEY_ID: 'ENVAK' }, fromSecret, 'set both QINGCLOUD_ACCESS_KEY_ID and QINGCLOUD_SECRET_ACCESS_KEY'],
    ['no credentials anywhere', config({ zone: 'z' }), {}, undefined, 'no QingCloud credentials: create Secret ns/qingcloud-credentials'],
    ['no zone anywhere', config(), envCreds, undefined, 'no QingCloud zone'],
  ])('refuses %s, without echoing a key', (_label, cfg, env, secret, message) => {
    const result = resolveQingCloudConnection(cfg, env, secret, 'ns/qingcloud-credentials');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.startsWith(message)).toBe(true);
      for (const value of ['ENVAK', 'env-sk', 'SECRETAK', 'secret-sk']) expect(result.error).not.toContain(value);
    }
  });
});

/** A KubeClient stand-in that serves one Secret (or a 404) and records what was asked. */
function secretClient(data: Record<string, string> | undefined): { client: KubeClient; asked: string[] } {
  const asked: string[] = [];
  const client = {
    get: (_type: unknown, name: string, namespace?: string) => {
      asked.push(`${namespace ?? ''}/${name}`);
      if (data === undefined) return Promise.reject(new KubeApiError(404, 'NotFound', `secrets "${name}" not found`, false));
      return Promise.resolve({ metadata: { name, namespace }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) });
    },
  } as unknown as KubeClient;
  return { client, asked };
}

describe('loadQingCloudConnection', () => {
  it('reads the Secret from the controller namespace unless told another', async () => {
    const { client, asked } = secretClient({ qy_access_key_id: 'AK', qy_secret_access_key: 'SK', zone: 'pek3' });
    const connection = await loadQingCloudConnection(config(), 'tenant-network-system', {}, client);
    expect(connection).toEqual({ endpoint: PUBLIC_QINGCLOUD_ENDPOINT, zone: 'pek3', credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, credentialsSource: 'secret tenant-network-system/qingcloud-credentials' });
    await loadQingCloudConnection(config({ credentialsSecret: 'qc', credentialsSecretNamespace: 'infra' }), 'tenant-network-system', {}, client);
    expect(asked).toEqual(['tenant-network-system/qingcloud-credentials', 'infra/qc']);
  });

  it('does not read the Secret when the environment has the credentials', async () => {
    const { client, asked } = secretClient(undefined);
    const connection = await loadQingCloudConnection(config(), 'ns', { ...envCreds, QINGCLOUD_ZONE: 'sim1a' }, client);
    expect(connection.credentialsSource).toBe('environment');
    expect(asked).toEqual([]);
  });

  it('names a missing Secret and a Secret without keys', async () => {
    await expect(loadQingCloudConnection(config(), 'ns', {}, secretClient(undefined).client)).rejects.toThrow('QingCloud credentials Secret ns/qingcloud-credentials does not exist');
    await expect(loadQingCloudConnection(config(), 'ns', {}, secretClient({ zone: 'pek3' }).client)).rejects.toThrow('QingCloud credentials Secret ns/qingcloud-credentials: the QingCloud Secret has no qy_access_key_id');
  });
});
