// A project's Calico IPPool: how it is rendered, and what to do with a pool that already carries its
// name (adopt, repair, replace, or refuse). Pure.
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_PROJECT, LABEL_WORKSPACE } from '../../api/constants.js';
import { CALICO_CRD_GROUP, CALICO_CRD_VERSION, IPPOOL_KIND, type IPPoolSpec } from '../../api/external/calico-ippool.js';
import { formatCidr, parseCidr } from '../../ipam/index.js';
import type { KubeObject } from '../../kube/kube-client.js';
import { ANNOTATION_PROJECT_UID, poolName } from './naming.js';
import type { PoolSettings } from './options.js';

/** An IPPool as read from the API server: anything may be missing from a pool someone else wrote. */
export interface IpPoolObject extends KubeObject {
  spec?: Partial<IPPoolSpec>;
}

/** A pool as the provider writes it: every field it manages is present. */
export interface RenderedPool extends IpPoolObject {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: IPPoolSpec;
}

export interface PoolOwner {
  readonly workspace: string;
  readonly project: string;
  readonly projectUid: string;
}

/** A JSON merge patch of an IPPool: only the fields that differ. */
export interface PoolPatch {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export type ExistingPoolVerdict =
  /** Not created by this controller: never touched. */
  | { readonly kind: 'foreign' }
  /** Ours, but already being deleted (a finalizer holds it). */
  | { readonly kind: 'deleting' }
  /** Ours, but for an earlier incarnation of the project or another range: to be replaced. */
  | { readonly kind: 'stale'; readonly reason: string }
  /** This project's pool; `patch` repairs hand-made changes, if any. */
  | { readonly kind: 'adopt'; readonly patch: PoolPatch | undefined };

export type DeletionVerdict = 'foreign' | 'otherIncarnation' | 'ours';

/** Project pools serve pods only: node tunnel addresses must not come from (or vanish with) a project. */
const PROJECT_POOL_USES: IPPoolSpec['allowedUses'] = ['Workload'];

export function renderIpPool(owner: PoolOwner, cidr: string, settings: PoolSettings): RenderedPool {
  return {
    apiVersion: `${CALICO_CRD_GROUP}/${CALICO_CRD_VERSION}`,
    kind: IPPOOL_KIND,
    metadata: {
      name: poolName(owner.project),
      labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME, [LABEL_WORKSPACE]: owner.workspace, [LABEL_PROJECT]: owner.project },
      annotations: { [ANNOTATION_PROJECT_UID]: owner.projectUid },
    },
    spec: {
      cidr,
      blockSize: settings.blockSize,
      ipipMode: settings.ipipMode,
      vxlanMode: settings.vxlanMode,
      natOutgoing: settings.natOutgoing,
      nodeSelector: settings.nodeSelector,
      disabled: false,
      allowedUses: PROJECT_POOL_USES,
      ...(settings.assignmentMode === undefined ? {} : { assignmentMode: settings.assignmentMode }),
    },
  };
}

export function isManagedPool(pool: IpPoolObject): boolean {
  return pool.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;
}

/**
 * The fields kept in place, with the value Calico assumes when one is absent: Calico omits false
 * and empty values when it writes a pool itself, which must not look like drift. `cidr` and
 * `blockSize` are missing on purpose: Calico cannot change either on an existing pool.
 */
const REPAIRABLE_FIELDS: Readonly<Record<string, unknown>> = {
  ipipMode: 'Never',
  vxlanMode: 'Never',
  natOutgoing: false,
  disabled: false,
  nodeSelector: 'all()',
  allowedUses: ['Workload', 'Tunnel'],
  assignmentMode: 'Automatic',
};

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    // allowedUses is a set.
    const sorted = (xs: readonly unknown[]): string => JSON.stringify(xs.map(String).sort());
    return sorted(a) === sorted(b);
  }
  return a === b;
}

function changedEntries(live: Readonly<Record<string, unknown>> | undefined, desired: Readonly<Record<string, unknown>>, defaults: Readonly<Record<string, unknown>> = {}): Record<string, unknown> | undefined {
  const changed: Record<string, unknown> = {};
  for (const [key, want] of Object.entries(desired)) {
    if (want === undefined) continue;
    if (!sameValue(live?.[key] ?? defaults[key], want)) changed[key] = want;
  }
  return Object.keys(changed).length === 0 ? undefined : changed;
}

/** The merge patch that puts back what we set, touching nothing else; undefined when nothing drifted. */
export function driftPatch(live: IpPoolObject, desired: RenderedPool): PoolPatch | undefined {
  const desiredSpec: Record<string, unknown> = {};
  for (const key of Object.keys(REPAIRABLE_FIELDS)) desiredSpec[key] = (desired.spec as Readonly<Record<string, unknown>>)[key];
  const spec = changedEntries(live.spec, desiredSpec, REPAIRABLE_FIELDS);
  const labels = changedEntries(live.metadata?.labels, desired.metadata.labels) as Record<string, string> | undefined;
  const annotations = changedEntries(live.metadata?.annotations, desired.metadata.annotations) as Record<string, string> | undefined;
  if (spec === undefined && labels === undefined && annotations === undefined) return undefined;
  const metadata = labels === undefined && annotations === undefined ? undefined : { ...(labels === undefined ? {} : { labels }), ...(annotations === undefined ? {} : { annotations }) };
  return { ...(metadata === undefined ? {} : { metadata }), ...(spec === undefined ? {} : { spec }) };
}

function sameRange(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const pa = parseCidr(a);
  const pb = parseCidr(b);
  return pa.ok && pb.ok && formatCidr(pa.cidr) === formatCidr(pb.cidr);
}

/**
 * Whether a pool belongs to this incarnation of the project: by the UID annotation, or — when a
 * hand edit removed it — by the project label (ensureSubnet then writes the annotation back).
 */
function ownedByIncarnation(pool: IpPoolObject, owner: Pick<PoolOwner, 'project' | 'projectUid'>): { owned: boolean; reason: string } {
  const uid = pool.metadata?.annotations?.[ANNOTATION_PROJECT_UID];
  if (uid !== undefined) return { owned: uid === owner.projectUid, reason: `it belongs to project UID ${uid}, not ${owner.projectUid}` };
  const project = pool.metadata?.labels?.[LABEL_PROJECT];
  return { owned: project === owner.project, reason: `it has no project UID and belongs to project ${project ?? '(none)'}` };
}

export function judgeExistingPool(live: IpPoolObject, desired: RenderedPool, owner: PoolOwner): ExistingPoolVerdict {
  if (!isManagedPool(live)) return { kind: 'foreign' };
  if (live.metadata?.deletionTimestamp !== undefined) return { kind: 'deleting' };
  const incarnation = ownedByIncarnation(live, owner);
  if (!incarnation.owned) return { kind: 'stale', reason: incarnation.reason };
  if (!sameRange(live.spec?.cidr, desired.spec.cidr)) {
    return { kind: 'stale', reason: `its range is ${live.spec?.cidr ?? '(none)'}, not ${desired.spec.cidr}` };
  }
  return { kind: 'adopt', patch: driftPatch(live, desired) };
}

export function judgePoolForDeletion(live: IpPoolObject, owner: Pick<PoolOwner, 'project' | 'projectUid'>): DeletionVerdict {
  if (!isManagedPool(live)) return 'foreign';
  return ownedByIncarnation(live, owner).owned ? 'ours' : 'otherIncarnation';
}
