// Address defaults (DESIGN §5); the runtime config may override them.

/** Calico: the cluster's VPC pool, cut into one range per workspace. */
export const DEFAULT_VPC_POOL_RANGES: readonly string[] = ['10.128.0.0/10'];
export const DEFAULT_VPC_PREFIX_LENGTH = 16;
export const DEFAULT_SUBNET_PREFIX_LENGTH = 24;
/** A requested subnet must leave room for a gateway and at least one pod (/30 = 2 usable). */
export const DEFAULT_SUBNET_MAX_PREFIX_LENGTH = 30;
