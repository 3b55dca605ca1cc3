// `-o name`: one `resource.group/name` per line, as `kubectl get -o name` prints them, so the output
// can be handed back to kubectl (`kubectl get $(kubectl tenantnet status -o name)`).
import { API_GROUP, KUBESPHERE_TENANT_GROUP, PLURAL_PROJECT_CONNECTIONS, PLURAL_PROJECT_NETWORKS, PLURAL_WORKSPACE_NETWORKS } from '../../api/constants.js';

/** kubectl's singular resource names (`projectnetwork.sdn.kubesphere.io`). */
export const NAME_PREFIX = {
  workspaceNetwork: `${PLURAL_WORKSPACE_NETWORKS.replace(/s$/, '')}.${API_GROUP}`,
  projectNetwork: `${PLURAL_PROJECT_NETWORKS.replace(/s$/, '')}.${API_GROUP}`,
  projectConnection: `${PLURAL_PROJECT_CONNECTIONS.replace(/s$/, '')}.${API_GROUP}`,
  workspace: `workspace.${KUBESPHERE_TENANT_GROUP}`,
  namespace: 'namespace',
  pod: 'pod',
} as const;

export type NamedKind = keyof typeof NAME_PREFIX;

export function objectName(kind: NamedKind, name: string): string {
  return `${NAME_PREFIX[kind]}/${name}`;
}

/** Each name once, in order, one per line. */
export function renderNames(names: readonly string[]): string {
  return [...new Set(names)].map((n) => `${n}\n`).join('');
}
