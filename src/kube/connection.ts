// How to reach the apiserver, chosen as kubectl chooses it: kubeconfig files (an explicit path, else
// KUBECONFIG's list merged, else ~/.kube/config) or the in-cluster service account. A small loader of
// our own, for the controller and the CLI: client-node's KubeConfig pulls in its whole generated API
// (~85 MiB of resident memory) and merges files unlike kubectl. Supports CA, client certificates,
// bearer tokens, token files (re-read, as projected tokens rotate), basic auth and exec credential
// plugins (exec-credential.ts); refuses the legacy auth-provider plugins with a clear message.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ExecCredentialSource, parseExecConfig } from './exec-credential.js';
import { kubeconfigPaths, mergeKubeconfigs, resolveIn, selectContext, stringField, type Entry, type Located, type SelectedContext } from './kubeconfig-merge.js';

export interface TlsOptions {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly rejectUnauthorized?: boolean;
  readonly servername?: string;
}

export interface ClientCertificate {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface ClusterConnection {
  readonly server: string;
  readonly tls: TlsOptions;
  /** Headers that authenticate a request; token files are re-read now and then. */
  authHeaders(): Promise<Record<string, string>>;
  /** A client certificate that can change (an exec plugin's); connections are made with the latest. */
  clientCertificate?(): Promise<ClientCertificate | undefined>;
  /**
   * The apiserver answered 401 to a request sent with `usedHeaders`: drop that credential if it is
   * still current. True when a second attempt may succeed (the credential comes from a plugin).
   */
  onUnauthorized?(usedHeaders: Readonly<Record<string, string>>): boolean;
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

function fromDataOrFile(located: Located | undefined, dataKey: string, fileKey: string): Buffer | undefined {
  const data = stringField(located?.entry, dataKey);
  if (data !== undefined) return Buffer.from(data, 'base64');
  const file = stringField(located?.entry, fileKey);
  return file === undefined || located === undefined ? undefined : readFileSync(resolveIn(located, file));
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** A connection for a context of (merged) kubeconfig files. */
export function connectionFromContext(selected: SelectedContext, env: Readonly<Record<string, string | undefined>> = process.env): ClusterConnection {
  const { cluster, user } = selected;
  const server = stringField(cluster.entry, 'server');
  if (server === undefined) throw new Error(`kubeconfig context ${JSON.stringify(selected.name)}: its cluster has no server`);
  const userEntry: Entry = user?.entry ?? {};
  if (userEntry['auth-provider'] !== undefined) {
    throw new Error(`kubeconfig context ${JSON.stringify(selected.name)}: the user uses an auth-provider plugin, which kubectl has replaced with exec plugins (e.g. kubelogin, gke-gcloud-auth-plugin); use one of those, a token, a token file or a client certificate`);
  }
  const tls: TlsOptions = {
    ...optional('ca', fromDataOrFile(cluster, 'certificate-authority-data', 'certificate-authority')),
    ...optional('cert', fromDataOrFile(user, 'client-certificate-data', 'client-certificate')),
    ...optional('key', fromDataOrFile(user, 'client-key-data', 'client-key')),
    ...(cluster.entry['insecure-skip-tls-verify'] === true ? { rejectUnauthorized: false } : {}),
    ...optional('servername', stringField(cluster.entry, 'tls-server-name')),
  };
  const base = { server: server.replace(/\/+$/, ''), tls };
  const exec = userEntry.exec;
  if (typeof exec === 'object' && exec !== null && user !== undefined) {
    // The plugin sees the CA itself, also when the kubeconfig names a file (as client-go passes it).
    const execCluster = tls.ca === undefined ? cluster.entry : { ...cluster.entry, 'certificate-authority-data': tls.ca.toString('base64') };
    return { ...base, ...execAuth(new ExecCredentialSource({ config: parseExecConfig(exec as Entry, selected.userName ?? ''), cluster: execCluster, baseDir: user.dir, env })) };
  }
  const token = stringField(userEntry, 'token');
  const tokenFile = stringField(userEntry, 'tokenFile');
  const username = stringField(userEntry, 'username');
  const password = stringField(userEntry, 'password');
  let authHeaders: () => Promise<Record<string, string>> = () => Promise.resolve({});
  if (token !== undefined) authHeaders = () => Promise.resolve({ authorization: `Bearer ${token}` });
  else if (tokenFile !== undefined && user !== undefined) authHeaders = tokenFileAuth(resolveIn(user, tokenFile));
  else if (username !== undefined && password !== undefined) {
    const basic = Buffer.from(`${username}:${password}`).toString('base64');
    authHeaders = () => Promise.resolve({ authorization: `Basic ${basic}` });
  }
  return { ...base, authHeaders };
}

/** Authentication by an exec plugin: its token as a header, its certificate for new connections. */
function execAuth(source: ExecCredentialSource): Pick<ClusterConnection, 'authHeaders' | 'clientCertificate' | 'onUnauthorized'> {
  let certificate: { from: object; pair: ClientCertificate } | undefined;
  return {
    authHeaders: async (): Promise<Record<string, string>> => {
      const credential = await source.get();
      return credential.token === undefined ? {} : { authorization: `Bearer ${credential.token}` };
    },
    clientCertificate: async () => {
      const credential = await source.get();
      const { clientCertificateData: cert, clientKeyData: key } = credential;
      if (cert === undefined || key === undefined) return undefined;
      // The same object while the credential lasts, so the client sees when it changes.
      if (certificate?.from !== credential) certificate = { from: credential, pair: { cert: Buffer.from(cert), key: Buffer.from(key) } };
      return certificate.pair;
    },
    onUnauthorized: (usedHeaders) => {
      const current = source.current;
      // A token credential is dropped only if it is what the failed request carried; a certificate
      // is what the connection carried, so it goes.
      if (current !== undefined && (current.token === undefined || usedHeaders.authorization === `Bearer ${current.token}`)) source.invalidate(current);
      return true;
    },
  };
}

export interface LoadedKubeconfig {
  readonly connection: ClusterConnection;
  readonly contextName: string;
}

export interface LoadKubeconfigOptions {
  /** --kubeconfig: this file only. */
  readonly explicitPath?: string;
  /** --context: instead of current-context. */
  readonly context?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The kubeconfig files kubectl would read, merged, and the chosen context; undefined when there is no file. */
export function loadKubeconfig(options: LoadKubeconfigOptions = {}): LoadedKubeconfig | undefined {
  const env = options.env ?? process.env;
  const paths = kubeconfigPaths({ explicit: options.explicitPath, kubeconfigEnv: env.KUBECONFIG, home: env.HOME ?? homedir(), exists: existsSync });
  if (paths.length === 0) return undefined;
  const merged = mergeKubeconfigs(paths.map((path) => ({ path, doc: parse(readFileSync(path, 'utf8')) as unknown })));
  const selected = selectContext(merged, options.context);
  return { connection: connectionFromContext(selected, env), contextName: selected.name };
}

/** One kubeconfig file (tests, tools). */
export function connectionFromKubeconfig(path: string, contextName?: string): ClusterConnection {
  const loaded = loadKubeconfig({ explicitPath: path, ...(contextName === undefined ? {} : { context: contextName }) });
  if (loaded === undefined) throw new Error(`kubeconfig ${path} not found`);
  return loaded.connection;
}

/** KUBECONFIG's files merged, else ~/.kube/config (unless in a cluster), else the in-cluster service account. */
export function loadConnection(env: Readonly<Record<string, string | undefined>> = process.env, context?: string): ClusterConnection {
  const useFiles = (env.KUBECONFIG ?? '') !== '' || env.KUBERNETES_SERVICE_HOST === undefined;
  const loaded = useFiles ? loadKubeconfig({ env, ...(context === undefined ? {} : { context }) }) : undefined;
  return loaded?.connection ?? inClusterConnection(env);
}
