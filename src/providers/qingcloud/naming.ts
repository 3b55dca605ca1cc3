// Deterministic names of the resources the provider creates. The name is the provider's only
// idempotency key (QingCloud has no client tokens), so it encodes the owner's UID; the readable
// part lets orphan clean-up tell which workspace/project a resource belonged to.

/** The provider's name, as configured (`provider: qingcloud`) and recorded in status. */
export const QINGCLOUD = 'qingcloud';

export const VPC_NAME_PREFIX = 'ks-ws.';
export const SUBNET_NAME_PREFIX = 'ks-ns.';
/** Longest name the provider produces; longer readable parts are dropped, the UID part never. */
export const MAX_NAME_LENGTH = 64;

/** First 12 hex digits of the UID: enough to tell apart re-created objects of one name. */
export function shortUid(uid: string): string {
  return uid.replace(/-/g, '').toLowerCase().slice(0, 12);
}

function compose(prefix: string, readable: readonly string[], uid: string): string {
  const full = `${prefix}${[...readable, shortUid(uid)].join('.')}`;
  return full.length <= MAX_NAME_LENGTH ? full : `${prefix}${shortUid(uid)}`;
}

export function vpcName(workspace: string, workspaceUid: string): string {
  return compose(VPC_NAME_PREFIX, [workspace], workspaceUid);
}

export function subnetName(workspace: string, project: string, projectUid: string): string {
  return compose(SUBNET_NAME_PREFIX, [workspace, project], projectUid);
}

export type ParsedName =
  | { readonly kind: 'vpc'; readonly workspace?: string; readonly uid: string }
  | { readonly kind: 'subnet'; readonly workspace?: string; readonly project?: string; readonly uid: string };

/** Reads a name back; undefined when it is not one of ours. */
export function parseName(name: string): ParsedName | undefined {
  const kind = name.startsWith(VPC_NAME_PREFIX) ? 'vpc' : name.startsWith(SUBNET_NAME_PREFIX) ? 'subnet' : undefined;
  if (kind === undefined) return undefined;
  const parts = name.slice(VPC_NAME_PREFIX.length).split('.');
  const uid = parts.pop();
  if (uid === undefined || !/^[0-9a-f]{1,12}$/.test(uid)) return undefined;
  if (kind === 'vpc') {
    if (parts.length === 0) return { kind, uid };
    return parts.length === 1 && parts[0] !== undefined ? { kind, workspace: parts[0], uid } : undefined;
  }
  if (parts.length === 0) return { kind, uid };
  const [workspace, project] = parts;
  return parts.length === 2 && workspace !== undefined && project !== undefined ? { kind, workspace, project, uid } : undefined;
}
