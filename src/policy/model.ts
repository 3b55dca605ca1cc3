// The pure input of the connectivity model (docs/connectivity.md): what the controller knows about
// workspaces, projects, connections and cluster configuration. Controllers build it from their
// caches; the renderer, the oracle and the CLI matrix all read the same shape.
import type { IntraWorkspacePolicy } from '../api/workspace-network.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface WorkspaceModel {
  readonly name: string;
  readonly intraWorkspace: IntraWorkspacePolicy;
}

export interface ProjectModel {
  /** The project's namespace (and its ProjectNetwork's name). */
  readonly name: string;
  readonly workspace: string;
  /** `ProjectNetwork.spec.isolation: Isolated` or the KubeSphere network-isolate annotation. */
  readonly isolated: boolean;
  /** UID of the project's ProjectNetwork, for the ownerReference of rendered policies. */
  readonly uid: string;
}

/** Shape of a NetworkPolicy port; `endPort` (inclusive) turns it into a range. */
export interface PortRange {
  /** Defaults to TCP. */
  readonly protocol?: Protocol;
  readonly port: number;
  readonly endPort?: number;
}

export interface ConnectionModel {
  readonly name: string;
  /** Source project (namespace). */
  readonly from: string;
  /** Destination project (namespace). */
  readonly to: string;
  /** Also allow `to` → `from`. */
  readonly bidirectional: boolean;
  /** Absent or empty: all ports. Ports must be valid (1..65535, endPort ≥ port): the caller validates. */
  readonly ports?: readonly PortRange[];
}

export interface ConnectivityConfig {
  /** Namespaces that always reach and are reachable from every project; they win over `projects`. */
  readonly systemNamespaces: readonly string[];
  /** Outside ranges (SNAT, load balancers) that may reach every project. */
  readonly allowedIngressCIDRs: readonly string[];
  /** Unmanaged namespaces whose pods may reach every project. Project names here are ignored. */
  readonly allowedIngressNamespaces: readonly string[];
  /** Restrict what leaves a project (default true). */
  readonly egressIsolation?: boolean;
  /**
   * Addresses outside the cluster that projects may never reach, such as the cloud's instance
   * metadata service (169.254.169.254), whose credentials belong to the node, not the tenant.
   */
  readonly deniedEgressCIDRs?: readonly string[];
  /** Every pod address range of the cluster (IPv4 and IPv6), excluded from "outside". */
  readonly podCidrs: readonly string[];
  /** Value of the managed-by label on rendered objects (default CONTROLLER_NAME). */
  readonly controllerName?: string;
}

export interface ConnectivityInput {
  readonly workspaces: readonly WorkspaceModel[];
  readonly projects: readonly ProjectModel[];
  /** Only connections whose both ends exist; ends that are not projects are ignored anyway. */
  readonly connections: readonly ConnectionModel[];
  readonly config: ConnectivityConfig;
}

/** One concrete packet flow, as asked of the oracle. */
export interface Flow {
  readonly protocol: Protocol;
  readonly port: number;
}

/** Where traffic starts or ends: a pod in a namespace, or an address with no namespace. */
export type Endpoint = { readonly namespace: string } | { readonly ip: string };
