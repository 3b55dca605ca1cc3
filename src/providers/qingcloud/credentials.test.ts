import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { QingCloudClient } from './client.js';
import { credentialsFromSecretData } from './credentials.js';

describe('credentialsFromSecretData', () => {
  it.each([
    [{ qy_access_key_id: 'AK', qy_secret_access_key: 'SK', zone: 'pek3a' }, { credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, zone: 'pek3a' }],
    [{ accessKeyId: ' AK\n', secretAccessKey: Buffer.from('SK') }, { credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } }],
    [
      { access_key_id: 'AK', secret_access_key: 'SK', endpoint: 'https://api.example/iaas/' },
      { credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, endpoint: 'https://api.example/iaas/' },
    ],
  ])('reads %j', (data, expected) => {
    expect(credentialsFromSecretData(data)).toEqual(expected);
  });

  it('names the missing key without echoing values', () => {
    expect(() => credentialsFromSecretData({ qy_access_key_id: 'AK-VALUE' })).toThrow(/qy_secret_access_key/);
    let thrown: unknown;
    try {
      credentialsFromSecretData({ qy_secret_access_key: 'SECRET-VALUE', qy_access_key_id: '' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'CredentialsMissing', retryable: false });
    expect(String(thrown)).not.toContain('SECRET-VALUE');
  });
});

describe('QingCloudClient', () => {
  it('does not reveal the secret when inspected', () => {
    const client = new QingCloudClient({
      endpoint: 'http://127.0.0.1:1/iaas/',
      zone: 'pek3a',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'TOP-SECRET-KEY' },
    });
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain('TOP-SECRET-KEY');
    expect(Object.values(client).map(String).join(' ')).not.toContain('TOP-SECRET-KEY');
  });
});
