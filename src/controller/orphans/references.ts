// What refers to provider resources, read from the caches: a resource is referenced while any
// object could still lead the controller to it — by the id recorded in status, by the name it was
// made for, or by its owner's UID. Deliberately generous: a resource kept too long costs a little,
// one removed while in use takes a tenant's network away.
import type { OwnedResource } from '../../providers/contract.js';

interface Named {
  readonly metadata?: { readonly name?: string; readonly uid?: string; readonly ownerReferences?: readonly { readonly uid: string }[] };
}

export interface ReferenceSources {
  readonly workspaces: readonly Named[];
  readonly workspaceNetworks: readonly (Named & { readonly status?: { readonly vpcId?: string } })[];
  readonly projectNetworks: readonly (Named & { readonly spec: { readonly workspace: string }; readonly status?: { readonly subnetId?: string; readonly vpcId?: string } })[];
}

export interface References {
  readonly vpcIds: ReadonlySet<string>;
  readonly subnetIds: ReadonlySet<string>;
  readonly workspaces: ReadonlySet<string>;
  readonly projects: ReadonlySet<string>;
  /** UIDs without dashes, lower case: a QingCloud name keeps only their first 12 digits. */
  readonly workspaceUids: readonly string[];
  readonly projectUids: readonly string[];
}

const plainUid = (uid: string): string => uid.replaceAll('-', '').toLowerCase();

function defined(values: readonly (string | undefined)[]): string[] {
  return values.filter((v): v is string => v !== undefined && v !== '');
}

export function referencesOf(sources: ReferenceSources): References {
  const { workspaces, workspaceNetworks, projectNetworks } = sources;
  return {
    vpcIds: new Set(defined([...workspaceNetworks.map((w) => w.status?.vpcId), ...projectNetworks.map((p) => p.status?.vpcId)])),
    subnetIds: new Set(defined(projectNetworks.map((p) => p.status?.subnetId))),
    workspaces: new Set(defined([...workspaces, ...workspaceNetworks].map((w) => w.metadata?.name))),
    projects: new Set(defined(projectNetworks.map((p) => p.metadata?.name))),
    workspaceUids: defined([...workspaces.map((w) => w.metadata?.uid), ...workspaceNetworks.flatMap((w) => (w.metadata?.ownerReferences ?? []).map((r) => r.uid))]).map(plainUid),
    projectUids: defined(projectNetworks.map((p) => p.metadata?.uid)).map(plainUid),
  };
}

export function isReferenced(resource: OwnedResource, refs: References): boolean {
  const uid = resource.ownerUid === undefined || resource.ownerUid === '' ? undefined : plainUid(resource.ownerUid);
  const ownerKnown = (uids: readonly string[]): boolean => uid !== undefined && uids.some((known) => known.startsWith(uid));
  if (resource.kind === 'vpc') {
    return refs.vpcIds.has(resource.id) || (resource.workspace !== undefined && refs.workspaces.has(resource.workspace)) || ownerKnown(refs.workspaceUids);
  }
  return refs.subnetIds.has(resource.id) || (resource.project !== undefined && refs.projects.has(resource.project)) || ownerKnown(refs.projectUids);
}
