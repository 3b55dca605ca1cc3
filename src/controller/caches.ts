// The informers every reconciler reads from, with the secondary indexes that keep fan-out cheap
// (projects of a workspace, connections of a project). Metadata-only where spec is never read.
// Reconcilers see only their read side (CacheReaders).
import { KS_LABEL_WORKSPACE, LABEL_MANAGED_BY, CONTROLLER_NAME } from '../api/constants.js';
import type { ProjectConnection } from '../api/project-connection.js';
import type { ProjectNetwork } from '../api/project-network.js';
import { KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../api/resources.js';
import type { WorkspaceNetwork } from '../api/workspace-network.js';
import { Informer } from '../kube/informer.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { CORE } from '../kube/resource.js';
import type { RuntimeMetrics } from '../kube/metrics-handle.js';
import type { Logger } from '../util/logger.js';
import { cachedPolicy, type CachedPolicy } from './cached-policy.js';

export type Namespace = KubeObject;
export type WorkspaceObject = KubeObject;

export type { CachedPolicy } from './cached-policy.js';

export const INDEX_BY_WORKSPACE = 'byWorkspace';
export const INDEX_BY_PROJECT = 'byProject';
export const INDEX_BY_NAMESPACE = 'byNamespace';

/** The read side of an informer: all a reconciler uses (unit tests back it with maps). */
export interface CacheReader<T> {
  get(key: string): T | undefined;
  list(): T[];
  byIndex(index: string, value: string): string[];
  hasSynced(): boolean;
}

/** What the reconcilers read. */
export interface CacheReaders {
  readonly workspaces: CacheReader<WorkspaceObject>;
  readonly namespaces: CacheReader<Namespace>;
  readonly workspaceNetworks: CacheReader<WorkspaceNetwork & KubeObject>;
  readonly projectNetworks: CacheReader<ProjectNetwork & KubeObject>;
  readonly connections: CacheReader<ProjectConnection & KubeObject>;
  readonly policies: CacheReader<CachedPolicy>;
}

/** The informers themselves, which the wiring watches and the manager runs. */
export interface Caches extends CacheReaders {
  readonly workspaces: Informer<WorkspaceObject>;
  readonly namespaces: Informer<Namespace>;
  readonly workspaceNetworks: Informer<WorkspaceNetwork & KubeObject>;
  readonly projectNetworks: Informer<ProjectNetwork & KubeObject>;
  readonly connections: Informer<ProjectConnection & KubeObject>;
  readonly policies: Informer<CachedPolicy>;
  all(): Informer<KubeObject>[];
}

export function createCaches(client: KubeClient, log: Logger, metrics?: RuntimeMetrics): Caches {
  const onRestart = (resource: string) => (reason: string): void => metrics?.informerRestart(resource, reason);
  const common = { client, log };
  const workspaces = new Informer<WorkspaceObject>({ ...common, type: KUBESPHERE_WORKSPACES, metadataOnly: true, onRestart: onRestart('workspaces') });
  const namespaces = new Informer<Namespace>({ ...common, type: CORE.namespaces, metadataOnly: true, onRestart: onRestart('namespaces') });
  namespaces.addIndex(INDEX_BY_WORKSPACE, (ns) => {
    const ws = ns.metadata?.labels?.[KS_LABEL_WORKSPACE];
    return ws === undefined || ws === '' ? [] : [ws];
  });
  const workspaceNetworks = new Informer<WorkspaceNetwork & KubeObject>({ ...common, type: WORKSPACE_NETWORKS, onRestart: onRestart('workspacenetworks') });
  const projectNetworks = new Informer<ProjectNetwork & KubeObject>({ ...common, type: PROJECT_NETWORKS, onRestart: onRestart('projectnetworks') });
  projectNetworks.addIndex(INDEX_BY_WORKSPACE, (p) => [p.spec.workspace]);
  const connections = new Informer<ProjectConnection & KubeObject>({ ...common, type: PROJECT_CONNECTIONS, onRestart: onRestart('projectconnections') });
  connections.addIndex(INDEX_BY_PROJECT, (c) => [...new Set([c.spec.from.project, c.spec.to.project])]);
  // Managed policies are cached as spec digests: the controller only compares them with what it renders.
  const policies = new Informer<CachedPolicy>({ ...common, type: CORE.networkPolicies, labelSelector: `${LABEL_MANAGED_BY}=${CONTROLLER_NAME}`, transform: cachedPolicy, onRestart: onRestart('networkpolicies') });
  policies.addIndex(INDEX_BY_NAMESPACE, (p) => [p.metadata?.namespace ?? '']);
  return {
    workspaces,
    namespaces,
    workspaceNetworks,
    projectNetworks,
    connections,
    policies,
    all: () => [workspaces, namespaces, workspaceNetworks, projectNetworks, connections, policies] as unknown as Informer<KubeObject>[],
  };
}
