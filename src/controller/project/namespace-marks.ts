// The marks the controller keeps on a project's namespace: its workspace label (what the rendered
// policies select peers by), the provider's annotations (Calico: which pool pods draw from), the
// guard rails (guard-marks.ts) and the tenant-visible annotations (subnet, gateway, VPC, phase: a
// project's users cannot read the cluster-scoped ProjectNetwork). All in one patch, so showing them
// costs no extra write. Pure: each returns the one merge patch needed, or undefined when the
// namespace already agrees.
import { ANNOTATION_PHASE, LABEL_WORKSPACE, TENANT_VIEW_ANNOTATIONS } from '../../api/constants.js';
import type { KubeObject } from '../../kube/kube-client.js';

export interface DesiredMarks {
  readonly labels: Readonly<Record<string, string>>;
  /** `null`: the annotation must be absent. */
  readonly annotations: Readonly<Record<string, string | null>>;
}

/** What unmarking removes besides our workspace label and the tenant-visible annotations. */
export interface UnmarkKeys {
  /** The guard rails' labels (Pod Security). */
  readonly labels: readonly string[];
  /** The guard rails' annotations (the bandwidth limits). */
  readonly annotations: readonly string[];
  /** The provider's annotation keys (Calico's pool), ours to remove only where the value is ours. */
  readonly providerAnnotations: readonly string[];
}

function agrees(current: Readonly<Record<string, string>> | undefined, desired: Readonly<Record<string, string | null>>): boolean {
  return Object.entries(desired).every(([k, v]) => (v === null ? current?.[k] === undefined : current?.[k] === v));
}

export function markPatch(namespace: KubeObject, workspace: string, marks: DesiredMarks): Record<string, unknown> | undefined {
  const labels = { ...marks.labels, [LABEL_WORKSPACE]: workspace };
  const current = namespace.metadata?.annotations;
  if (agrees(namespace.metadata?.labels, labels) && agrees(current, marks.annotations)) return undefined;
  // A removal is sent only for a key that is there (a merge patch would accept it either way).
  const annotations = Object.fromEntries(Object.entries(marks.annotations).filter(([k, v]) => v !== null || current?.[k] !== undefined));
  return { metadata: { labels, annotations } };
}

/**
 * The phase annotation brought in line with the phase just reported, once the namespace carries
 * one (a namespace never marked shows nothing): only a change of phase costs a write.
 * `shown`: the phase as written in this reconcile, else as cached.
 */
export function phasePatch(shown: string | undefined, phase: string | undefined): Record<string, unknown> | undefined {
  if (shown === undefined || phase === undefined || shown === phase) return undefined;
  return { metadata: { annotations: { [ANNOTATION_PHASE]: phase } } };
}

/**
 * Removes the provider's annotation keys, the tenant-visible annotations and, unless
 * `beforeSubnetGoes`, our label and the guard rails; nothing for a namespace being deleted.
 * `beforeSubnetGoes` is for the moment before the subnet is removed: the annotation must not name a
 * subnet that no longer exists (Calico fails every pod start in the namespace), so every provider key
 * is removed even where the cache shows none — it may not have seen the patch that added it — while
 * the label and guard rails stay until the policies are gone.
 */
export function unmarkPatch(namespace: KubeObject, keys: UnmarkKeys, beforeSubnetGoes = false): Record<string, unknown> | undefined {
  const meta = namespace.metadata;
  if (meta === undefined || meta.deletionTimestamp !== undefined) return undefined;
  const present = (k: string): boolean => meta.annotations?.[k] !== undefined;
  const provider = beforeSubnetGoes ? keys.providerAnnotations : keys.providerAnnotations.filter(present);
  const others = [...TENANT_VIEW_ANNOTATIONS, ...(beforeSubnetGoes ? [] : keys.annotations)].filter(present);
  const annotations = [...new Set([...provider, ...others])];
  const labels = beforeSubnetGoes ? [] : [LABEL_WORKSPACE, ...keys.labels].filter((k) => meta.labels?.[k] !== undefined);
  if (labels.length === 0 && annotations.length === 0) return undefined;
  return {
    metadata: {
      ...(labels.length === 0 ? {} : { labels: Object.fromEntries(labels.map((k) => [k, null])) }),
      annotations: Object.fromEntries(annotations.map((k) => [k, null])),
    },
  };
}
