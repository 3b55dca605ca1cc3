// The tenancy rules in one place: which namespaces are projects of which workspace, which isolate
// themselves, each workspace's intra-workspace rule and the connections between projects — read
// through lookups, so the controller (its informer caches) and the CLI (a snapshot of the cluster)
// build the connectivity model the same way and differ only in where the objects come from.
import type { ProjectNetworkSpec } from '../api/project-network.js';
import type { ConnectionModel, ProjectModel, WorkspaceModel } from '../policy/index.js';
import { connectionModelOf, type ProjectConnectionLike } from './connection.js';
import { isolatedBySpec, projectMembership, type Membership } from './membership.js';
import type { MetaObject } from './objects.js';
import type { ProjectGraph } from './scoped-input.js';
import { workspaceAlive, workspaceModel, type WorkspaceNetworkLike } from './workspace.js';

export type ProjectNetworkLike = MetaObject & { readonly spec: ProjectNetworkSpec };

/** Where the objects come from: the only thing an adapter supplies. */
export interface TenancyLookups {
  namespace(name: string): MetaObject | undefined;
  /** The KubeSphere Workspace object (metadata is enough). */
  workspace(name: string): MetaObject | undefined;
  workspaceNetwork(name: string): WorkspaceNetworkLike | undefined;
  projectNetwork(name: string): ProjectNetworkLike | undefined;
  /** Names of the namespaces labelled into the workspace (projects or not). */
  namespacesOf(workspace: string): readonly string[];
  /** ProjectConnection objects naming the project at either end (being deleted or not). */
  connectionsOf(project: string): readonly ProjectConnectionLike[];
}

export interface TenancyGraph extends ProjectGraph {
  /** Why a namespace is or is not a project. */
  membership(namespace: string): Membership;
  workspaceAlive(workspace: string): boolean;
}

export function tenancyGraph(lookups: TenancyLookups, systemNamespaces: readonly string[]): TenancyGraph {
  const system = new Set(systemNamespaces);
  const alive = (workspace: string): boolean => workspaceAlive(lookups.workspace(workspace), lookups.workspaceNetwork(workspace));
  const membership = (namespace: string): Membership => projectMembership(lookups.namespace(namespace), system, alive);
  return {
    membership,
    workspaceAlive: alive,
    project: (name): ProjectModel | undefined => {
      const m = membership(name);
      if (m.kind !== 'project') return undefined;
      const projectNetwork = lookups.projectNetwork(name);
      return { name, workspace: m.workspace, isolated: m.isolatedByAnnotation || isolatedBySpec(projectNetwork), uid: projectNetwork?.metadata?.uid ?? '' };
    },
    workspace: (name): WorkspaceModel | undefined => (alive(name) ? workspaceModel(name, lookups.workspaceNetwork(name)) : undefined),
    memberNames: (workspace) => lookups.namespacesOf(workspace),
    connectionsOf: (project): ConnectionModel[] => lookups.connectionsOf(project).flatMap((c) => connectionModelOf(c) ?? []),
  };
}
