// The classified view of a ConnectivityInput that both the renderer and the oracle start from: which
// namespaces are projects, which are system namespaces, and each workspace's intra-workspace rule.
import { DEFAULT_INTRA_WORKSPACE, type IntraWorkspacePolicy } from '../api/workspace-network.js';
import type { ConnectionModel, ConnectivityInput, Endpoint, ProjectModel } from './model.js';

export type EndpointClass =
  | { readonly kind: 'project'; readonly project: ProjectModel }
  | { readonly kind: 'system'; readonly namespace: string }
  | { readonly kind: 'other'; readonly namespace: string }
  | { readonly kind: 'outside'; readonly ip: string };

export interface ConnectivityView {
  readonly input: ConnectivityInput;
  /** Projects by name. A system namespace is never a project: it must stay reachable both ways. */
  readonly projects: ReadonlyMap<string, ProjectModel>;
  readonly systemNamespaces: ReadonlySet<string>;
  readonly egressIsolation: boolean;
  intraWorkspace(workspace: string): IntraWorkspacePolicy;
  /** Names of the workspace's isolated projects, in input order. */
  isolatedMembers(workspace: string): readonly string[];
  /** Connections naming `namespace` at either end, in input order (ends not checked to be projects). */
  connectionsTouching(namespace: string): readonly ConnectionModel[];
}

// The matrix asks n² questions of one input; classify it once. Inputs are treated as immutable.
const views = new WeakMap<ConnectivityInput, ConnectivityView>();

export function viewOf(input: ConnectivityInput): ConnectivityView {
  const cached = views.get(input);
  if (cached !== undefined) return cached;
  const systemNamespaces = new Set(input.config.systemNamespaces);
  const projects = new Map<string, ProjectModel>();
  for (const project of input.projects) {
    // First one wins on a duplicate name, so the answer does not depend on later entries.
    if (!systemNamespaces.has(project.name) && !projects.has(project.name)) projects.set(project.name, project);
  }
  const workspaces = new Map<string, IntraWorkspacePolicy>();
  for (const ws of input.workspaces) if (!workspaces.has(ws.name)) workspaces.set(ws.name, ws.intraWorkspace);
  // Indexed once, so rendering every project (or the whole matrix) is not quadratic in the input.
  const isolated = groupBy([...projects.values()].filter((p) => p.isolated), (p) => [p.workspace], (p) => p.name);
  const touching = groupBy(input.connections, (c) => (c.from === c.to ? [c.from] : [c.from, c.to]), (c) => c);
  const view: ConnectivityView = {
    input,
    projects,
    systemNamespaces,
    egressIsolation: input.config.egressIsolation ?? true,
    intraWorkspace: (workspace) => workspaces.get(workspace) ?? DEFAULT_INTRA_WORKSPACE,
    isolatedMembers: (workspace) => isolated.get(workspace) ?? [],
    connectionsTouching: (namespace) => touching.get(namespace) ?? [],
  };
  views.set(input, view);
  return view;
}

function groupBy<T, V>(items: readonly T[], keys: (item: T) => readonly string[], value: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [value(item)]);
      else group.push(value(item));
    }
  }
  return groups;
}

export function classifyEndpoint(view: ConnectivityView, endpoint: Endpoint): EndpointClass {
  if ('ip' in endpoint) return { kind: 'outside', ip: endpoint.ip };
  const project = view.projects.get(endpoint.namespace);
  if (project !== undefined) return { kind: 'project', project };
  if (view.systemNamespaces.has(endpoint.namespace)) return { kind: 'system', namespace: endpoint.namespace };
  return { kind: 'other', namespace: endpoint.namespace };
}
