// The controller running in-process against the shared local apiserver with the Calico provider,
// plus helpers to create tenants and to read back what the controller wrote.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { KUBESPHERE_WORKSPACES } from '../../src/api/resources.js';
import { createApp, type App, type AppOptions } from '../../src/controller/app.js';
import type { NetworkConfig } from '../../src/controller/context.js';
import { KubeClient, type KubeObject, type RequestInfo } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { CalicoProvider, type CalicoProviderOptions } from '../../src/providers/calico/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { sharedCluster } from '../harness/shared.js';
import { ALL_CRD_FILES } from './crd-paths.js';
import { createEvaluator } from './netpol/index.js';

export const SYSTEM_NAMESPACES = ['kube-system', 'kubesphere-system', 'tenant-network-system'];

export interface CoreEnv {
  readonly admin: KubeClient;
  readonly app: App;
  /** Requests the controller made, for write counting. */
  readonly requests: RequestInfo[];
  stop(): Promise<void>;
}

export async function startCoreEnv(overrides: Partial<NetworkConfig> = {}, appOverrides: Partial<Pick<AppOptions, 'addresses'>> & { readonly calico?: Omit<CalicoProviderOptions, 'client'> } = {}): Promise<CoreEnv> {
  const cluster = sharedCluster();
  await cluster.installCrds(ALL_CRD_FILES);
  const admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
  const requests: RequestInfo[] = [];
  const client = await KubeClient.fromKubeConfig(cluster.adminKubeConfig(), { onRequest: (r) => requests.push(r) });
  const app = createApp({
    client,
    provider: new CalicoProvider({ client, ...appOverrides.calico }),
    network: { provider: 'calico', systemNamespaces: SYSTEM_NAMESPACES, allowedIngressCIDRs: [], allowedIngressNamespaces: [], egressIsolation: true, podSecurity: '', deniedEgressCIDRs: [], extraPodCidrs: [], ...overrides },
    vpcPool: { ranges: ['10.128.0.0/10'], vpcPrefixLength: 16 },
    log: silentLogger(),
    instance: 'test-controller',
    probePort: 0,
    probeHost: '127.0.0.1',
    ...(appOverrides.addresses === undefined ? {} : { addresses: appOverrides.addresses }),
  });
  await app.manager.start();
  return {
    admin,
    app,
    requests,
    stop: async () => {
      await app.stop();
      await Promise.all([client.close(), admin.close()]);
    },
  };
}

export async function createWorkspace(admin: KubeClient, name: string): Promise<void> {
  await admin.create(KUBESPHERE_WORKSPACES, { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', metadata: { name }, spec: { manager: 'admin' } } as KubeObject);
}

export async function createNamespace(admin: KubeClient, name: string, workspace?: string, annotations: Record<string, string> = {}): Promise<void> {
  await admin.create(CORE.namespaces, { metadata: { name, annotations, ...(workspace === undefined ? {} : { labels: { 'kubesphere.io/workspace': workspace } }) } });
}

/** Deletes a namespace the way it would finish without a namespace controller: drop its finalizer. */
export async function deleteNamespace(admin: KubeClient, name: string): Promise<void> {
  await admin.delete(CORE.namespaces, name);
  const ns = await admin.get<KubeObject & { spec?: { finalizers?: string[] } }>(CORE.namespaces, name).catch(() => undefined);
  if (ns === undefined) return;
  await admin.request('PUT', `/api/v1/namespaces/${name}/finalize`, { body: { ...ns, spec: { finalizers: [] } } }).catch(() => undefined);
}

/** May a pod in `from` reach a pod in `to` on TCP `port`, per the policies in the apiserver now. */
export async function reachability(admin: KubeClient, namespaces: readonly string[], port = 80): Promise<Map<string, boolean>> {
  const nsList = await admin.list<KubeObject>(CORE.namespaces);
  const policies = await admin.list<KubeObject>(CORE.networkPolicies);
  const result = createEvaluator({
    namespaces: nsList.items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
    policies: policies.items as unknown as V1NetworkPolicy[],
  });
  if (!result.ok) throw new Error(`invalid policies: ${result.problems.join('; ')}`);
  const cells = new Map<string, boolean>();
  for (const from of namespaces) {
    for (const to of namespaces) {
      const verdict = result.evaluator.evaluate({ kind: 'pod', namespace: from, labels: {} }, { kind: 'pod', namespace: to, labels: {} }, { protocol: 'TCP', port });
      if (verdict.kind !== 'decided') throw new Error(`undecided ${from}->${to}: ${verdict.reason}`);
      cells.set(`${from}->${to}`, verdict.allowed);
    }
  }
  return cells;
}

export function isWrite(r: RequestInfo): boolean {
  return r.method !== 'GET';
}
