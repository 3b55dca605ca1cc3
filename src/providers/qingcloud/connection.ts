// Where the QingCloud connection comes from: the credentials from the configured Secret (read once at
// start), or for local development and the simulator demo from QINGCLOUD_* environment variables;
// endpoint and zone from the environment, the config file or the Secret, in that order. Nothing
// here puts a credential into a message.

import { isNotFound } from '../../kube/api-error.js';
import type { KubeClient, KubeObject } from '../../kube/kube-client.js';
import { CORE } from '../../kube/resource.js';
import { errorMessage } from '../../util/errors.js';
import type { QingCloudCredentials } from './client.js';
import { PUBLIC_QINGCLOUD_ENDPOINT, type QingCloudConfig } from './config.js';
import { credentialsFromSecretData, type QingCloudSecretSettings } from './credentials.js';

export const QINGCLOUD_ENV = {
  endpoint: 'QINGCLOUD_ENDPOINT',
  zone: 'QINGCLOUD_ZONE',
  accessKeyId: 'QINGCLOUD_ACCESS_KEY_ID',
  secretAccessKey: 'QINGCLOUD_SECRET_ACCESS_KEY',
} as const;

export interface QingCloudConnection {
  readonly endpoint: string;
  readonly zone: string;
  readonly credentials: QingCloudCredentials;
  /** Where the credentials came from, for the start-up log line. */
  readonly credentialsSource: string;
}

export type ConnectionResult = { readonly ok: true; readonly connection: QingCloudConnection } | { readonly ok: false; readonly error: string };

type Env = Readonly<Record<string, string | undefined>>;

function envValue(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Credentials from the environment: both keys or neither. */
export function credentialsFromEnv(env: Env): { ok: true; credentials: QingCloudCredentials | undefined } | { ok: false; error: string } {
  const accessKeyId = envValue(env, QINGCLOUD_ENV.accessKeyId);
  const secretAccessKey = envValue(env, QINGCLOUD_ENV.secretAccessKey);
  if (accessKeyId === undefined && secretAccessKey === undefined) return { ok: true, credentials: undefined };
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    return { ok: false, error: `set both ${QINGCLOUD_ENV.accessKeyId} and ${QINGCLOUD_ENV.secretAccessKey}, or neither to use the Secret` };
  }
  return { ok: true, credentials: { accessKeyId, secretAccessKey } };
}

/**
 * Pure: combines the sources. `secret` is what the Secret held (undefined when the environment
 * supplied the credentials and the Secret was not read).
 */
export function resolveQingCloudConnection(config: QingCloudConfig, env: Env, secret: QingCloudSecretSettings | undefined, secretRef: string): ConnectionResult {
  const fromEnv = credentialsFromEnv(env);
  if (!fromEnv.ok) return fromEnv;
  const credentials = fromEnv.credentials ?? secret?.credentials;
  if (credentials === undefined) return { ok: false, error: `no QingCloud credentials: create Secret ${secretRef} or set ${QINGCLOUD_ENV.accessKeyId}/${QINGCLOUD_ENV.secretAccessKey}` };
  const pick = (fromEnvKey: string, configured: string, fromSecret: string | undefined): string | undefined =>
    envValue(env, fromEnvKey) ?? (configured === '' ? undefined : configured) ?? fromSecret;
  const endpoint = pick(QINGCLOUD_ENV.endpoint, config.endpoint, secret?.endpoint) ?? PUBLIC_QINGCLOUD_ENDPOINT;
  const zone = pick(QINGCLOUD_ENV.zone, config.zone, secret?.zone);
  if (zone === undefined) return { ok: false, error: `no QingCloud zone: set qingcloud.zone, ${QINGCLOUD_ENV.zone} or the Secret's zone key` };
  return {
    ok: true,
    connection: { endpoint, zone, credentials, credentialsSource: fromEnv.credentials === undefined ? `secret ${secretRef}` : 'environment' },
  };
}

function decodeSecretData(data: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
}

/** Reads the Secret unless the environment has the credentials, then resolves; throws with a clear message. */
export async function loadQingCloudConnection(config: QingCloudConfig, controllerNamespace: string, env: Env, client: KubeClient): Promise<QingCloudConnection> {
  const namespace = config.credentialsSecretNamespace === '' ? controllerNamespace : config.credentialsSecretNamespace;
  const secretRef = `${namespace}/${config.credentialsSecret}`;
  const fromEnv = credentialsFromEnv(env);
  let secret: QingCloudSecretSettings | undefined;
  if (fromEnv.ok && fromEnv.credentials === undefined) {
    let object: KubeObject & { data?: Record<string, string> };
    try {
      object = await client.get(CORE.secrets, config.credentialsSecret, namespace);
    } catch (err) {
      throw new Error(isNotFound(err) ? `QingCloud credentials Secret ${secretRef} does not exist` : `cannot read QingCloud credentials Secret ${secretRef}: ${errorMessage(err)}`);
    }
    try {
      secret = credentialsFromSecretData(decodeSecretData(object.data));
    } catch (err) {
      throw new Error(`QingCloud credentials Secret ${secretRef}: ${errorMessage(err)}`);
    }
  }
  const resolved = resolveQingCloudConnection(config, env, secret, secretRef);
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.connection;
}
