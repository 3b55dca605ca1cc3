// Everything a test needs to talk to a running local control plane: admin and minted credentials,
// CRD installation. Serialisable, so Jest workers can rebuild it from the state file that the
// global setup wrote.
import { readFileSync, writeFileSync } from 'node:fs';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { isAlreadyExists } from '../../src/kube/api-error.js';
import { CORE } from '../../src/kube/resource.js';
import { issueCertificate, loadCertificateAuthority } from '../../src/pki/certificates.js';

export interface ClusterAccessState {
  readonly serverUrl: string;
  readonly serverCaPem: string;
  readonly clientCaCertPem: string;
  readonly clientCaKeyPem: string;
  readonly adminKubeconfigPath: string;
}

const CLIENT_CERT_VALIDITY_MS = 7 * 24 * 3600 * 1000;

function isApiError(err: unknown, code: number): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err).code === code;
}

export class ClusterAccess {
  readonly state: ClusterAccessState;

  constructor(state: ClusterAccessState) {
    this.state = state;
  }

  static fromFile(path: string): ClusterAccess {
    return new ClusterAccess(JSON.parse(readFileSync(path, 'utf8')) as ClusterAccessState);
  }

  writeStateFile(path: string): void {
    writeFileSync(path, JSON.stringify(this.state), { mode: 0o600 });
  }

  get serverUrl(): string {
    return this.state.serverUrl;
  }

  private kubeConfigWith(userName: string, user: Record<string, string>): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'local', server: this.state.serverUrl, caData: Buffer.from(this.state.serverCaPem).toString('base64') }],
      users: [{ name: userName, ...user }],
      contexts: [{ name: 'local', cluster: 'local', user: userName }],
      currentContext: 'local',
    });
    return kc;
  }

  /** Credentials for any user and groups: a client certificate signed by the apiserver's client CA. */
  async userKubeConfig(user: string, groups: readonly string[] = []): Promise<KubeConfig> {
    const ca = await loadCertificateAuthority(this.state.clientCaCertPem, this.state.clientCaKeyPem);
    const cert = await issueCertificate(ca, { commonName: user, organizations: groups, usage: 'client', validityMs: CLIENT_CERT_VALIDITY_MS });
    return this.kubeConfigWith(user, {
      certData: Buffer.from(cert.certPem).toString('base64'),
      keyData: Buffer.from(cert.keyPem).toString('base64'),
    });
  }

  /** The admin's kubeconfig; `serverUrl` points it elsewhere (a proxy, a second apiserver). */
  adminKubeConfig(serverUrl?: string): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromFile(this.state.adminKubeconfigPath);
    if (serverUrl === undefined) return kc;
    const cluster = kc.getCurrentCluster();
    if (cluster === null) throw new Error('admin kubeconfig has no cluster');
    const clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: serverUrl } : c));
    const moved = new KubeConfig();
    moved.loadFromOptions({ clusters, users: kc.users, contexts: kc.contexts, currentContext: kc.currentContext });
    return moved;
  }

  /** A bearer token for a ServiceAccount (created if missing), minted through TokenRequest. */
  async serviceAccountKubeConfig(namespace: string, name: string, expirationSeconds = 3600): Promise<KubeConfig> {
    const core = this.adminKubeConfig().makeApiClient(CoreV1Api);
    try {
      await core.createNamespace({ body: { metadata: { name: namespace } } });
    } catch (err) {
      if (!isApiError(err, 409)) throw err;
    }
    try {
      await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name, namespace } } });
    } catch (err) {
      if (!isApiError(err, 409)) throw err;
    }
    const request = await core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: [], expirationSeconds } } });
    const token = request.status?.token;
    if (token === undefined) throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
    return this.kubeConfigWith(`system:serviceaccount:${namespace}:${name}`, { token });
  }

  /**
   * Creates or updates the CRDs in the given YAML files and waits until each is Established. Raw
   * JSON on purpose: client-node's typed serializer drops x-kubernetes-* and default fields.
   */
  async installCrds(files: readonly string[], timeoutMs = 30_000): Promise<string[]> {
    const client = await KubeClient.fromKubeConfig(this.adminKubeConfig());
    try {
      const names: string[] = [];
      const servedPaths: string[] = [];
      for (const file of files) {
        for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
          const crd = doc.toJS() as (KubeObject & { metadata: { name: string }; spec: { group: string; names: { plural: string }; versions: { name: string; served: boolean }[] } }) | null;
          if (crd?.kind !== 'CustomResourceDefinition') continue;
          names.push(crd.metadata.name);
          servedPaths.push(...crd.spec.versions.filter((v) => v.served).map((v) => `/apis/${crd.spec.group}/${v.name}/${crd.spec.names.plural}`));
          try {
            await client.create(CORE.crds, crd);
          } catch (err) {
            if (!isAlreadyExists(err)) throw err;
            const live = await client.get(CORE.crds, crd.metadata.name);
            await client.request('PUT', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`, { body: { ...crd, metadata: { ...crd.metadata, resourceVersion: live.metadata?.resourceVersion } } });
          }
        }
      }
      const deadline = Date.now() + timeoutMs;
      for (const name of names) {
        for (;;) {
          const crd = await client.get<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(CORE.crds, name);
          if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
          if (Date.now() > deadline) throw new Error(`CRD ${name} not established after ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      // Established is not enough: the new watch cache answers 429 "storage is (re)initializing"
      // for a moment, and client-node's informer stops for good on that.
      for (const path of servedPaths) {
        for (;;) {
          const ok = await client.request('GET', path, { query: { limit: 1 } }).then(() => true, () => false);
          if (ok) break;
          if (Date.now() > deadline) throw new Error(`${path} not served after ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      return names;
    } finally {
      await client.close();
    }
  }
}

/** Writes a kubeconfig file for a KubeConfig (kubectl and helm read JSON as YAML). */
export function writeKubeconfig(kc: KubeConfig, path: string): void {
  writeFileSync(path, kc.exportConfig(), { mode: 0o600 });
}
