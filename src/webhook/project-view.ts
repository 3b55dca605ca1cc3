// What the webhook needs to know about a pod's namespace, read from the informer caches only (no API
// call per request): the project's workspace, provider ids and the limits that apply to it.
import type { ProjectNetwork } from '../api/project-network.js';
import type { WorkspaceNetwork } from '../api/workspace-network.js';
import { effectiveLimits, type BandwidthLimits } from './bandwidth-quantity.js';

/** The read side of an informer (or a Map in tests). */
export interface KeyedReader<T> {
  get(key: string): T | undefined;
}

export type ProjectNetworkEntry = Pick<ProjectNetwork, 'spec' | 'status'> & { readonly metadata?: { readonly deletionTimestamp?: unknown } };
export type WorkspaceNetworkEntry = Pick<WorkspaceNetwork, 'spec' | 'status'>;

export interface ProjectSources {
  readonly projectNetworks: KeyedReader<ProjectNetworkEntry>;
  readonly workspaceNetworks: KeyedReader<WorkspaceNetworkEntry>;
}

export interface ProjectView {
  readonly workspace: string;
  readonly project: string;
  readonly vpcId?: string;
  readonly subnetId?: string;
  readonly limits: BandwidthLimits;
}

/** The project a namespace is, or undefined when it is not one (or its network is going away). */
export function projectView(namespace: string, sources: ProjectSources): ProjectView | undefined {
  const pjn = sources.projectNetworks.get(namespace);
  if (pjn === undefined || pjn.metadata?.deletionTimestamp !== undefined) return undefined;
  const workspace = pjn.spec.workspace;
  const wsn = sources.workspaceNetworks.get(workspace);
  const vpcId = pjn.status?.vpcId ?? wsn?.status?.vpcId;
  const subnetId = pjn.status?.subnetId;
  return {
    workspace,
    project: namespace,
    ...(vpcId === undefined ? {} : { vpcId }),
    ...(subnetId === undefined ? {} : { subnetId }),
    limits: effectiveLimits(wsn?.spec.bandwidth, pjn.spec.bandwidth),
  };
}
