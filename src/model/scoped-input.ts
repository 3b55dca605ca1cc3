// The connectivity model a single project's policy depends on, cut from the whole cluster: its
// workspace's members (for the isolated-members exclusion) and the far ends of its connections.
// Cost follows the workspace size and connection count, not the number of projects in the cluster.
import type { ConnectionModel, ConnectivityConfig, ConnectivityInput, ProjectModel, WorkspaceModel } from '../policy/index.js';

export interface ProjectGraph {
  /** The project as the model sees it, or undefined when the namespace is not a project. */
  project(name: string): ProjectModel | undefined;
  workspace(name: string): WorkspaceModel | undefined;
  /** Names of the namespaces labelled into the workspace (projects or not; filtered by `project`). */
  memberNames(workspace: string): readonly string[];
  /** Connections that name the project at either end. */
  connectionsOf(project: string): readonly ConnectionModel[];
}

export function scopedConnectivityInput(name: string, graph: ProjectGraph, config: ConnectivityConfig): ConnectivityInput | undefined {
  const self = graph.project(name);
  if (self === undefined) return undefined;
  const projects = new Map<string, ProjectModel>([[self.name, self]]);
  for (const member of graph.memberNames(self.workspace)) {
    const p = graph.project(member);
    if (p !== undefined && p.workspace === self.workspace) projects.set(p.name, p);
  }
  const connections: ConnectionModel[] = [];
  for (const c of graph.connectionsOf(name)) {
    const other = c.from === name ? c.to : c.from;
    const peer = graph.project(other);
    if (peer === undefined) continue;
    projects.set(peer.name, peer);
    connections.push(c);
  }
  // The renderer drops projects from allowedIngressNamespaces (projects follow workspace and
  // connection rules only), so it must know which of those namespaces are projects.
  for (const ns of config.allowedIngressNamespaces) {
    const p = graph.project(ns);
    if (p !== undefined) projects.set(p.name, p);
  }
  const workspaces = new Map<string, WorkspaceModel>();
  for (const p of projects.values()) {
    const ws = graph.workspace(p.workspace);
    if (ws !== undefined) workspaces.set(ws.name, ws);
  }
  return { workspaces: [...workspaces.values()], projects: [...projects.values()], connections, config };
}

/** The graph with one project's UID taken from the object in hand (the cache may lag behind a create). */
export function withProjectUid(graph: ProjectGraph, name: string, uid: string): ProjectGraph {
  return {
    ...graph,
    project: (p) => {
      const model = graph.project(p);
      return model !== undefined && p === name ? { ...model, uid } : model;
    },
  };
}
