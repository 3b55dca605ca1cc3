// The tenancy rules (see docs/connectivity.md): cluster objects → the connectivity model's input.
// Pure; the controller and the CLI are adapters that only say where the objects come from.
export { clusterConnectivityInput, projectNames } from './cluster-input.js';
export { connectionModelOf, type ProjectConnectionLike } from './connection.js';
export { isolatedByAnnotation, isolatedBySpec, isolates, projectMembership, workspaceLabelOf, type Membership, type NotAProjectReason } from './membership.js';
export { isDeleting, type MetaObject, type ObjectMeta } from './objects.js';
export { scopedConnectivityInput, withProjectUid, type ProjectGraph } from './scoped-input.js';
export { DEFAULT_CONTROLLER_NAMESPACE, DEFAULT_SYSTEM_NAMESPACES } from './system-namespaces.js';
export { tenancyGraph, type ProjectNetworkLike, type TenancyGraph, type TenancyLookups } from './tenancy-graph.js';
export { workspaceAlive, workspaceModel, type WorkspaceNetworkLike } from './workspace.js';
