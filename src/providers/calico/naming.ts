// Deterministic names and the metadata keys of the Calico provider. A project's pool is named after
// the project alone (namespace names are unique at any moment); which incarnation of the project it
// belongs to is recorded in an annotation, so a pool left behind by a deleted project of the same
// name is recognised as stale rather than adopted.
import { API_GROUP } from '../../api/constants.js';
import { ANNOTATION_CALICO_IPV4_POOLS } from '../../api/external/calico-ippool.js';

/** The provider's name, as configured (`provider: calico`) and recorded in status. */
export const CALICO = 'calico';

const POOL_NAME_PREFIX = 'tnc-';
/** The UID of the project (namespace) a pool was made for. */
export const ANNOTATION_PROJECT_UID = `${API_GROUP}/project-uid`;
export { ANNOTATION_CALICO_IPV4_POOLS } from '../../api/external/calico-ippool.js';

/** Namespace names are at most 63 characters, so the pool name stays a valid object name. */
export function poolName(project: string): string {
  return `${POOL_NAME_PREFIX}${project}`;
}

/**
 * Calico has no VPC object: a workspace's VPC is only its reserved range, so the id is derived from
 * the workspace name and stays the same across calls and restarts.
 */
export function calicoVpcId(workspace: string): string {
  return `calico-${workspace}`;
}

export function namespaceAnnotationsFor(pool: string): Readonly<Record<string, string>> {
  return { [ANNOTATION_CALICO_IPV4_POOLS]: JSON.stringify([pool]) };
}
