// The CLI's adapter to the tenancy rules (src/model): lookups into a snapshot of the live objects,
// so `matrix`, `status` and the toggles see projects exactly as the controller does.
import { clusterConnectivityInput, projectNames, tenancyGraph, workspaceLabelOf, type TenancyGraph } from '../model/index.js';
import type { ConnectivityInput } from '../policy/index.js';
import type { ControllerSettings } from './controller-settings.js';
import { byName, type ClusterSnapshot, type ProjectConnectionObject } from './snapshot.js';

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
    if (ws === '') continue;
    const list = members.get(ws);
    if (list === undefined) members.set(ws, [ns.metadata?.name ?? '']);
    else list.push(ns.metadata?.name ?? '');
  }
  // Indexed once: thousands of projects each asking for their connections must not scan them all.
  const touching = new Map<string, ProjectConnectionObject[]>();
  for (const c of snapshot.connections) {
    for (const end of new Set([c.spec.from.project, c.spec.to.project])) touching.set(end, [...(touching.get(end) ?? []), c]);
  }
  const graph = tenancyGraph(
    {
      namespace: (name) => namespaces.get(name),
      workspace: (name) => workspaces.get(name),
      workspaceNetwork: (name) => workspaceNetworks.get(name),
      projectNetwork: (name) => projectNetworks.get(name),
      namespacesOf: (workspace) => members.get(workspace) ?? [],
      connectionsOf: (project) => touching.get(project) ?? [],
    },
    snapshot.settings.systemNamespaces,
  );
  const allNamespaces = snapshot.namespaces.map((n) => n.metadata?.name ?? '');
  return { ...graph, projectNames: () => projectNames(graph, allNamespaces) };
}

/**
 * The whole cluster's model input: every project, its workspace, every connection between projects,
 * and the controller's boundary settings. `podCidrs` matters only for flows to and from addresses.
 */
export function connectivityInputOf(graph: SnapshotGraph, settings: ControllerSettings, podCidrs: readonly string[] = []): ConnectivityInput {
  return clusterConnectivityInput(graph, graph.projectNames(), {
    systemNamespaces: settings.systemNamespaces,
    allowedIngressCIDRs: settings.allowedIngressCIDRs,
    allowedIngressNamespaces: settings.allowedIngressNamespaces,
    egressIsolation: settings.egressIsolation,
    podCidrs,
  });
}
