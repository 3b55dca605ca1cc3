// Address defaults (docs/operations.md); the controller configuration may override the pool. The
// subnet size default is the WorkspaceNetwork schema's (api/workspace-network.ts).

/** Calico: the cluster's VPC pool, cut into one range per workspace. */
export const DEFAULT_VPC_POOL_RANGES: readonly string[] = ['10.128.0.0/10'];
export const DEFAULT_VPC_PREFIX_LENGTH = 16;
/** A requested subnet must leave room for a gateway and at least one pod (/30 = 2 usable). */
export const DEFAULT_SUBNET_MAX_PREFIX_LENGTH = 30;
