// Is a namespace a project, and of which workspace? Pure: the reconciler passes what the caches say.
import { KS_ANNOTATION_NETWORK_ISOLATE, KS_LABEL_WORKSPACE } from '../../api/constants.js';
import type { KubeObject } from '../../kube/kube-client.js';

export type NotAProjectReason = 'NamespaceGone' | 'NotInWorkspace' | 'SystemNamespace' | 'WorkspaceGone';

export type Membership =
  | { readonly kind: 'project'; readonly workspace: string; readonly isolatedByAnnotation: boolean }
  | { readonly kind: 'none'; readonly reason: NotAProjectReason };

export function projectMembership(namespace: KubeObject | undefined, systemNamespaces: ReadonlySet<string>, workspaceExists: (workspace: string) => boolean): Membership {
  if (namespace?.metadata === undefined || namespace.metadata.deletionTimestamp !== undefined) return { kind: 'none', reason: 'NamespaceGone' };
  if (systemNamespaces.has(namespace.metadata.name ?? '')) return { kind: 'none', reason: 'SystemNamespace' };
  const workspace = namespace.metadata.labels?.[KS_LABEL_WORKSPACE];
  if (workspace === undefined || workspace === '') return { kind: 'none', reason: 'NotInWorkspace' };
  if (!workspaceExists(workspace)) return { kind: 'none', reason: 'WorkspaceGone' };
  // KubeSphere's own switch: "enabled" isolates the project like spec.isolation: Isolated.
  const isolatedByAnnotation = namespace.metadata.annotations?.[KS_ANNOTATION_NETWORK_ISOLATE] === 'enabled';
  return { kind: 'project', workspace, isolatedByAnnotation };
}
