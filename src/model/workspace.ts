// When a workspace counts as alive for its projects, and what the connectivity model knows of it.
import { DEFAULT_INTRA_WORKSPACE, workspaceNetworkSchemaDefaults, type WorkspaceNetworkSpec } from '../api/workspace-network.js';
import type { WorkspaceModel } from '../policy/index.js';
import { isDeleting, type MetaObject } from './objects.js';

export type WorkspaceNetworkLike = MetaObject & { readonly spec: WorkspaceNetworkSpec };

/**
 * The KubeSphere workspace exists and is not being deleted, and its WorkspaceNetwork (if any) is not
 * being deleted either: a WorkspaceNetwork being deleted takes its projects' subnets with it.
 */
export function workspaceAlive(workspace: MetaObject | undefined, workspaceNetwork: MetaObject | undefined): boolean {
  return workspace !== undefined && !isDeleting(workspace) && !isDeleting(workspaceNetwork);
}

/** A workspace without a WorkspaceNetwork (yet) has the schema's default intra-workspace rule. */
export function workspaceModel(name: string, workspaceNetwork: WorkspaceNetworkLike | undefined): WorkspaceModel {
  return { name, intraWorkspace: workspaceNetwork === undefined ? DEFAULT_INTRA_WORKSPACE : workspaceNetworkSchemaDefaults(workspaceNetwork.spec).intraWorkspace };
}
