// How to reach the apiserver: a kubeconfig file (KUBECONFIG, or ~/.kube/config) or the in-cluster
// service account. A small loader of our own: client-node's KubeConfig pulls in its whole generated
// API (~85 MiB of resident memory), which the controller never uses. Supports what a controller
// needs — CA, client certificates, bearer tokens and token files (re-read, as projected tokens
// rotate) — and says clearly what it does not (exec and auth-provider plugins).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

export interface TlsOptions {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly rejectUnauthorized?: boolean;
  readonly servername?: string;
}

export interface ClusterConnection {
  readonly server: string;
  readonly tls: TlsOptions;
  /** Headers that authenticate a request; token files are re-read now and then. */
  authHeaders(): Promise<Record<string, string>>;
}

const TOKEN_REFRESH_MS = 60_000;
const IN_CLUSTER_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function tokenFileAuth(path: string): () => Promise<Record<string, string>> {
  let cached: { token: string; at: number } | undefined;
  return () => {
    const now = Date.now();
    if (cached === undefined || now - cached.at > TOKEN_REFRESH_MS) cached = { token: readFileSync(path, 'utf8').trim(), at: now };
    return Promise.resolve({ authorization: `Bearer ${cached.token}` });
  };
}

export function inClusterConnection(env: Readonly<Record<string, string | undefined>> = process.env, dir = IN_CLUSTER_DIR): ClusterConnection {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (host === undefined || port === undefined) throw new Error('not in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set and no kubeconfig was found');
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    tls: { ca: readFileSync(join(dir, 'ca.crt')) },
    authHeaders: tokenFileAuth(join(dir, 'token')),
  };
}

interface KubeconfigDoc {
  readonly 'current-context'?: string;
  readonly clusters?: readonly { readonly name: string; readonly cluster?: Record<string, unknown> }[];
  readonly users?: readonly { readonly name: string; readonly user?: Record<string, unknown> }[];
  readonly contexts?: readonly { readonly name: string; readonly context?: { readonly cluster?: string; readonly user?: string } }[];
}

function field(entry: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = entry?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function connectionFromKubeconfig(path: string, contextName?: string): ClusterConnection {
  const doc = parse(readFileSync(path, 'utf8')) as KubeconfigDoc;
  const base = dirname(path);
  const resolvePath = (p: string): string => (isAbsolute(p) ? p : join(base, p));
  const wanted = contextName ?? doc['current-context'];
  const context = doc.contexts?.find((c) => c.name === wanted)?.context;
  if (context === undefined) throw new Error(`kubeconfig ${path}: context ${JSON.stringify(wanted)} not found`);
  const cluster = doc.clusters?.find((c) => c.name === context.cluster)?.cluster;
  const user = doc.users?.find((u) => u.name === context.user)?.user ?? {};
  const server = field(cluster, 'server');
  if (server === undefined) throw new Error(`kubeconfig ${path}: cluster ${JSON.stringify(context.cluster)} has no server`);
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    throw new Error(`kubeconfig ${path}: user ${JSON.stringify(context.user)} uses an exec or auth-provider plugin, which the controller does not run; use a token, token file or client certificate`);
  }
  const fromDataOrFile = (entry: Record<string, unknown> | undefined, dataKey: string, fileKey: string): Buffer | undefined => {
    const data = field(entry, dataKey);
    if (data !== undefined) return Buffer.from(data, 'base64');
    const file = field(entry, fileKey);
    return file === undefined ? undefined : readFileSync(resolvePath(file));
  };
  const tls: TlsOptions = {
    ...optional('ca', fromDataOrFile(cluster, 'certificate-authority-data', 'certificate-authority')),
    ...optional('cert', fromDataOrFile(user, 'client-certificate-data', 'client-certificate')),
    ...optional('key', fromDataOrFile(user, 'client-key-data', 'client-key')),
    ...(cluster?.['insecure-skip-tls-verify'] === true ? { rejectUnauthorized: false } : {}),
    ...optional('servername', field(cluster, 'tls-server-name')),
  };
  const token = field(user, 'token');
  const tokenFile = field(user, 'tokenFile');
  const username = field(user, 'username');
  const password = field(user, 'password');
  let authHeaders: () => Promise<Record<string, string>> = () => Promise.resolve({});
  if (token !== undefined) authHeaders = () => Promise.resolve({ authorization: `Bearer ${token}` });
  else if (tokenFile !== undefined) authHeaders = tokenFileAuth(resolvePath(tokenFile));
  else if (username !== undefined && password !== undefined) {
    const basic = Buffer.from(`${username}:${password}`).toString('base64');
    authHeaders = () => Promise.resolve({ authorization: `Basic ${basic}` });
  }
  return { server: server.replace(/\/+$/, ''), tls, authHeaders };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** KUBECONFIG (its first file), else ~/.kube/config, else the in-cluster service account. */
export function loadConnection(env: Readonly<Record<string, string | undefined>> = process.env, context?: string): ClusterConnection {
  const fromEnv = env.KUBECONFIG?.split(':').find((p) => p !== '');
  const candidate = fromEnv ?? join(homedir(), '.kube', 'config');
  if (fromEnv !== undefined || (existsSync(candidate) && env.KUBERNETES_SERVICE_HOST === undefined)) return connectionFromKubeconfig(candidate, context);
  return inClusterConnection(env);
}
