// Is a namespace a project, and of which workspace, and does it isolate itself? Pure: callers pass
// what their caches (or a snapshot) say about the namespace and whether its workspace is alive.
import { KS_ANNOTATION_NETWORK_ISOLATE, KS_LABEL_WORKSPACE } from '../api/constants.js';
import { isDeleting, type MetaObject } from './objects.js';

export type NotAProjectReason = 'NamespaceGone' | 'NotInWorkspace' | 'SystemNamespace' | 'WorkspaceGone';

export type Membership =
  | { readonly kind: 'project'; readonly workspace: string; readonly isolatedByAnnotation: boolean }
  | { readonly kind: 'none'; readonly reason: NotAProjectReason };

/** KubeSphere's own switch: "enabled" isolates the project like `spec.isolation: Isolated`. */
export function isolatedByAnnotation(namespace: MetaObject | undefined): boolean {
  return namespace?.metadata?.annotations?.[KS_ANNOTATION_NETWORK_ISOLATE] === 'enabled';
}

/** The ProjectNetwork's own switch. */
export function isolatedBySpec(projectNetwork: { readonly spec?: { readonly isolation?: string } } | undefined): boolean {
  return projectNetwork?.spec?.isolation === 'Isolated';
}

/** Either switch isolates: a namespace by annotation, a ProjectNetwork by spec (event filters see one at a time). */
export function isolates(object: (MetaObject & { readonly spec?: { readonly isolation?: string } }) | undefined): boolean {
  return isolatedByAnnotation(object) || isolatedBySpec(object);
}

/** The namespace label that makes a namespace a member of a workspace ('' when it has none). */
export function workspaceLabelOf(namespace: MetaObject | undefined): string {
  return namespace?.metadata?.labels?.[KS_LABEL_WORKSPACE] ?? '';
}

export function projectMembership(namespace: MetaObject | undefined, systemNamespaces: ReadonlySet<string>, workspaceAlive: (workspace: string) => boolean): Membership {
  if (namespace?.metadata === undefined || isDeleting(namespace)) return { kind: 'none', reason: 'NamespaceGone' };
  if (systemNamespaces.has(namespace.metadata.name ?? '')) return { kind: 'none', reason: 'SystemNamespace' };
  const workspace = workspaceLabelOf(namespace);
  if (workspace === '') return { kind: 'none', reason: 'NotInWorkspace' };
  if (!workspaceAlive(workspace)) return { kind: 'none', reason: 'WorkspaceGone' };
  return { kind: 'project', workspace, isolatedByAnnotation: isolatedByAnnotation(namespace) };
}
