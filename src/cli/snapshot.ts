// Everything the CLI reads from the cluster, read once per command: the same objects the
// controller's caches hold, and the controller's settings they are judged by.
import type { ProjectConnection } from '../api/project-connection.js';
import type { ProjectNetwork } from '../api/project-network.js';
import type { WorkspaceNetwork } from '../api/workspace-network.js';
import type { KubeObject } from '../kube/kube-client.js';
import type { ControllerSettings } from './controller-settings.js';

export type WorkspaceNetworkObject = WorkspaceNetwork & KubeObject;
export type ProjectNetworkObject = ProjectNetwork & KubeObject;
export type ProjectConnectionObject = ProjectConnection & KubeObject;

export interface ClusterSnapshot {
  /** Namespaces, metadata only. */
  readonly namespaces: readonly KubeObject[];
  /** KubeSphere workspaces, metadata only; empty when the Workspace CRD is not installed. */
  readonly workspaces: readonly KubeObject[];
  readonly workspaceNetworks: readonly WorkspaceNetworkObject[];
  readonly projectNetworks: readonly ProjectNetworkObject[];
  readonly connections: readonly ProjectConnectionObject[];
  /** The controller's settings (system namespaces: never projects; the boundary rules). */
  readonly settings: ControllerSettings;
}

export function byName<T extends KubeObject>(objects: readonly T[]): Map<string, T> {
  return new Map(objects.map((o) => [o.metadata?.name ?? '', o]));
}
