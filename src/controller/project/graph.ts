// The project graph read from the caches: which namespaces are projects, their isolation, their
// workspaces and valid connections — the ProjectGraph the policy input is cut from.
import { projectConnectionSpecWithDefaults } from '../../api/project-connection.js';
import { workspaceNetworkSpecWithDefaults } from '../../api/workspace-network.js';
import type { ConnectionModel, ProjectModel, WorkspaceModel } from '../../policy/index.js';
import { INDEX_BY_PROJECT, INDEX_BY_WORKSPACE, type Caches } from '../caches.js';
import type { NetworkConfig } from '../context.js';
import { projectMembership, type Membership } from './membership.js';
import type { ProjectGraph } from './policy-input.js';

export function workspaceAlive(caches: Caches, workspace: string): boolean {
  const ws = caches.workspaces.get(workspace);
  if (ws === undefined || ws.metadata?.deletionTimestamp !== undefined) return false;
  // A WorkspaceNetwork being deleted takes its projects' subnets with it.
  return caches.workspaceNetworks.get(workspace)?.metadata.deletionTimestamp === undefined;
}

export function membershipOf(caches: Caches, config: NetworkConfig, namespace: string): Membership {
  return projectMembership(caches.namespaces.get(namespace), new Set(config.systemNamespaces), (ws) => workspaceAlive(caches, ws));
}

export function isolatedProject(caches: Caches, membership: Membership, name: string): boolean {
  if (membership.kind !== 'project') return false;
  return membership.isolatedByAnnotation || caches.projectNetworks.get(name)?.spec.isolation === 'Isolated';
}

export function cacheProjectGraph(caches: Caches, config: NetworkConfig): ProjectGraph {
  return {
    project: (name): ProjectModel | undefined => {
      const membership = membershipOf(caches, config, name);
      if (membership.kind !== 'project') return undefined;
      return { name, workspace: membership.workspace, isolated: isolatedProject(caches, membership, name), uid: caches.projectNetworks.get(name)?.metadata.uid ?? '' };
    },
    workspace: (name): WorkspaceModel | undefined => {
      if (!workspaceAlive(caches, name)) return undefined;
      const wsn = caches.workspaceNetworks.get(name);
      const intraWorkspace = wsn === undefined ? 'Allow' : workspaceNetworkSpecWithDefaults(wsn.spec, config.provider).intraWorkspace;
      return { name, intraWorkspace };
    },
    memberNames: (workspace) => caches.namespaces.byIndex(INDEX_BY_WORKSPACE, workspace),
    connectionsOf: (project): ConnectionModel[] =>
      caches.connections.byIndex(INDEX_BY_PROJECT, project).flatMap((key) => {
        const c = caches.connections.get(key);
        if (c === undefined || c.metadata.deletionTimestamp !== undefined) return [];
        const spec = projectConnectionSpecWithDefaults(c.spec);
        if (spec.from.project === spec.to.project) return [];
        return [{ name: c.metadata.name ?? key, from: spec.from.project, to: spec.to.project, bidirectional: spec.bidirectional, ...(spec.ports === undefined ? {} : { ports: spec.ports }) }];
      }),
  };
}
