// Reading API credentials from a Kubernetes Secret's data. Accepts the keys of QingCloud's own
// config file (`qy_access_key_id`, `qy_secret_access_key`, `zone`) and camelCase variants.

import { terminalError } from '../../util/errors.js';
import type { QingCloudCredentials } from './client.js';

export interface QingCloudSecretSettings {
  readonly credentials: QingCloudCredentials;
  readonly zone?: string;
  readonly endpoint?: string;
}

type SecretData = Readonly<Record<string, string | Uint8Array | undefined>>;

function text(value: string | Uint8Array | undefined): string | undefined {
  if (value === undefined) return undefined;
  const decoded = (typeof value === 'string' ? value : Buffer.from(value).toString('utf8')).trim();
  return decoded === '' ? undefined : decoded;
}

function pick(data: SecretData, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = text(data[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Decoded Secret data → settings; names the missing key, never echoes a value. */
export function credentialsFromSecretData(data: SecretData): QingCloudSecretSettings {
  const accessKeyId = pick(data, ['qy_access_key_id', 'accessKeyId', 'access_key_id']);
  const secretAccessKey = pick(data, ['qy_secret_access_key', 'secretAccessKey', 'secret_access_key']);
  if (accessKeyId === undefined) throw terminalError('CredentialsMissing', 'the QingCloud Secret has no qy_access_key_id');
  if (secretAccessKey === undefined) throw terminalError('CredentialsMissing', 'the QingCloud Secret has no qy_secret_access_key');
  const zone = pick(data, ['zone']);
  const endpoint = pick(data, ['endpoint']);
  return {
    credentials: { accessKeyId, secretAccessKey },
    ...(zone === undefined ? {} : { zone }),
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}
