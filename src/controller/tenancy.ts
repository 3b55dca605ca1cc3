// The controller's adapter to the tenancy rules (src/model): it only says where the objects come
// from — the informer caches and their secondary indexes.
import { tenancyGraph, type TenancyGraph } from '../model/index.js';
import { INDEX_BY_PROJECT, INDEX_BY_WORKSPACE, type CacheReaders } from './caches.js';

export function cacheTenancyGraph(caches: CacheReaders, systemNamespaces: readonly string[]): TenancyGraph {
  return tenancyGraph(
    {
      namespace: (name) => caches.namespaces.get(name),
      workspace: (name) => caches.workspaces.get(name),
      workspaceNetwork: (name) => caches.workspaceNetworks.get(name),
      projectNetwork: (name) => caches.projectNetworks.get(name),
      namespacesOf: (workspace) => caches.namespaces.byIndex(INDEX_BY_WORKSPACE, workspace),
      connectionsOf: (project) => caches.connections.byIndex(INDEX_BY_PROJECT, project).flatMap((key) => caches.connections.get(key) ?? []),
    },
    systemNamespaces,
  );
}
