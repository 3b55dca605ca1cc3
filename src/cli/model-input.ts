// The connectivity model input built from a snapshot of the live objects, by the same rules the
// controller applies to its caches (src/controller/project/graph.ts): which namespaces are projects,
// their isolation, the workspaces' intra-workspace rule and the connections between projects.
import { KS_LABEL_WORKSPACE } from '../api/constants.js';
import { projectConnectionSpecWithDefaults } from '../api/project-connection.js';
import { workspaceNetworkSpecWithDefaults } from '../api/workspace-network.js';
import { projectMembership, type Membership } from '../controller/project/membership.js';
import type { ProjectGraph } from '../controller/project/policy-input.js';
import { DEFAULT_INTRA_WORKSPACE, type ConnectionModel, type ConnectivityInput, type ProjectModel, type WorkspaceModel } from '../policy/index.js';
import { compareStrings } from '../policy/order.js';
import { byName, type ClusterSnapshot } from './snapshot.js';

export interface SnapshotGraph extends ProjectGraph {
  membership(namespace: string): Membership;
  /** Every project, sorted by name. */
  projectNames(): readonly string[];
}

export function snapshotGraph(snapshot: ClusterSnapshot): SnapshotGraph {
  const namespaces = byName(snapshot.namespaces);
  const workspaces = byName(snapshot.workspaces);
  const workspaceNetworks = byName(snapshot.workspaceNetworks);
  const projectNetworks = byName(snapshot.projectNetworks);
  const system = new Set(snapshot.systemNamespaces);
  const workspaceAlive = (name: string): boolean => {
    const ws = workspaces.get(name);
    if (ws === undefined || ws.metadata?.deletionTimestamp !== undefined) return false;
    return workspaceNetworks.get(name)?.metadata.deletionTimestamp === undefined;
  };
  const membership = (name: string): Membership => projectMembership(namespaces.get(name), system, workspaceAlive);
  const members = new Map<string, string[]>();
  for (const ns of snapshot.namespaces) {
    const ws = ns.metadata?.labels?.[KS_LABEL_WORKSPACE];
    if (ws !== undefined && ws !== '') members.set(ws, [...(members.get(ws) ?? []), ns.metadata?.name ?? '']);
  }
  const project = (name: string): ProjectModel | undefined => {
    const m = membership(name);
    if (m.kind !== 'project') return undefined;
    const pjn = projectNetworks.get(name);
    return { name, workspace: m.workspace, isolated: m.isolatedByAnnotation || pjn?.spec.isolation === 'Isolated', uid: pjn?.metadata.uid ?? '' };
  };
  const connections: ConnectionModel[] = snapshot.connections.flatMap((c) => {
    if (c.metadata.deletionTimestamp !== undefined) return [];
    const spec = projectConnectionSpecWithDefaults(c.spec);
    if (spec.from.project === spec.to.project) return [];
    return [{ name: c.metadata.name ?? '', from: spec.from.project, to: spec.to.project, bidirectional: spec.bidirectional, ...(spec.ports === undefined ? {} : { ports: spec.ports }) }];
  });
  return {
    membership,
    project,
    workspace: (name): WorkspaceModel | undefined => {
      if (!workspaceAlive(name)) return undefined;
      const wsn = workspaceNetworks.get(name);
      // The provider does not change the intra-workspace default; any name fills the type.
      return { name, intraWorkspace: wsn === undefined ? DEFAULT_INTRA_WORKSPACE : workspaceNetworkSpecWithDefaults(wsn.spec, 'calico').intraWorkspace };
    },
    memberNames: (workspace) => members.get(workspace) ?? [],
    connectionsOf: (name) => connections.filter((c) => c.from === name || c.to === name),
    projectNames: () => snapshot.namespaces.map((n) => n.metadata?.name ?? '').filter((n) => project(n) !== undefined).sort(compareStrings),
  };
}

/** The whole cluster's model input: every project, its workspace, every connection between projects. */
export function connectivityInputOf(graph: SnapshotGraph, systemNamespaces: readonly string[]): ConnectivityInput {
  const projects = graph.projectNames().flatMap((name) => graph.project(name) ?? []);
  const workspaces = [...new Set(projects.map((p) => p.workspace))].sort(compareStrings).flatMap((name) => graph.workspace(name) ?? []);
  const seen = new Set<string>();
  const connections = projects.flatMap((p) =>
    graph.connectionsOf(p.name).filter((c) => {
      if (seen.has(c.name) || graph.project(c.from === p.name ? c.to : c.from) === undefined) return false;
      seen.add(c.name);
      return true;
    }),
  );
  return {
    workspaces,
    projects,
    connections,
    // Only project-to-project cells are shown, which the boundary settings do not change.
    config: { systemNamespaces, allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: [] },
  };
}
