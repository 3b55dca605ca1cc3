// The CLI's adapter to the tenancy rules (src/model): lookups into a snapshot of the live objects,
// so `matrix`, `status` and the toggles see projects exactly as the controller does.
import { clusterConnectivityInput, projectNames, tenancyGraph, workspaceLabelOf, type TenancyGraph } from '../model/index.js';
import type { ConnectivityInput } from '../policy/index.js';
import { byName, type ClusterSnapshot } from './snapshot.js';

export interface SnapshotGraph extends TenancyGraph {
  /** Every project, sorted by name. */
  projectNames(): readonly string[];
}

export function snapshotGraph(snapshot: ClusterSnapshot): SnapshotGraph {
  const namespaces = byName(snapshot.namespaces);
  const workspaces = byName(snapshot.workspaces);
  const workspaceNetworks = byName(snapshot.workspaceNetworks);
  const projectNetworks = byName(snapshot.projectNetworks);
  const members = new Map<string, string[]>();
  for (const ns of snapshot.namespaces) {
    const ws = workspaceLabelOf(ns);
    if (ws !== '') members.set(ws, [...(members.get(ws) ?? []), ns.metadata?.name ?? '']);
  }
  const graph = tenancyGraph(
    {
      namespace: (name) => namespaces.get(name),
      workspace: (name) => workspaces.get(name),
      workspaceNetwork: (name) => workspaceNetworks.get(name),
      projectNetwork: (name) => projectNetworks.get(name),
      namespacesOf: (workspace) => members.get(workspace) ?? [],
      connectionsOf: (project) => snapshot.connections.filter((c) => c.spec.from.project === project || c.spec.to.project === project),
    },
    snapshot.systemNamespaces,
  );
  const allNamespaces = snapshot.namespaces.map((n) => n.metadata?.name ?? '');
  return { ...graph, projectNames: () => projectNames(graph, allNamespaces) };
}

/** The whole cluster's model input: every project, its workspace, every connection between projects. */
export function connectivityInputOf(graph: SnapshotGraph, systemNamespaces: readonly string[]): ConnectivityInput {
  // Only project-to-project cells are shown, which the boundary settings do not change.
  return clusterConnectivityInput(graph, graph.projectNames(), { systemNamespaces, allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: [] });
}
