// The marks the controller keeps on a project's namespace: its workspace label (what the rendered
// policies select peers by), the provider's annotations (Calico: which pool pods draw from) and the
// tenant-visible annotations (subnet, gateway, VPC, phase: a project's users cannot read the
// cluster-scoped ProjectNetwork). All in one patch, so showing them costs no extra write.
// Pure: each returns the one merge patch needed, or undefined when the namespace already agrees.
import { ANNOTATION_PHASE, LABEL_WORKSPACE, TENANT_VIEW_ANNOTATIONS } from '../../api/constants.js';
import type { KubeObject } from '../../kube/kube-client.js';

export function markPatch(namespace: KubeObject, workspace: string, annotations: Readonly<Record<string, string>>): Record<string, unknown> | undefined {
  const labelOk = namespace.metadata?.labels?.[LABEL_WORKSPACE] === workspace;
  const annotationsOk = Object.entries(annotations).every(([k, v]) => namespace.metadata?.annotations?.[k] === v);
  return labelOk && annotationsOk ? undefined : { metadata: { labels: { [LABEL_WORKSPACE]: workspace }, annotations } };
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
 * `beforeSubnetGoes`, our label; nothing for a namespace being deleted. `beforeSubnetGoes` is for
 * the moment before the subnet is removed: the annotation must not name a subnet that no longer
 * exists (Calico fails every pod start in the namespace), so every provider key is removed even
 * where the cache shows none — it may not have seen the patch that added it — while the label stays
 * until the policies are gone.
 */
export function unmarkPatch(namespace: KubeObject, providerAnnotationKeys: readonly string[], beforeSubnetGoes = false): Record<string, unknown> | undefined {
  const meta = namespace.metadata;
  if (meta === undefined || meta.deletionTimestamp !== undefined) return undefined;
  const present = (k: string): boolean => meta.annotations?.[k] !== undefined;
  const stale = [...(beforeSubnetGoes ? providerAnnotationKeys : providerAnnotationKeys.filter(present)), ...TENANT_VIEW_ANNOTATIONS.filter(present)];
  const label = !beforeSubnetGoes && meta.labels?.[LABEL_WORKSPACE] !== undefined;
  if (!label && stale.length === 0) return undefined;
  return { metadata: { ...(label ? { labels: { [LABEL_WORKSPACE]: null } } : {}), annotations: Object.fromEntries(stale.map((k) => [k, null])) } };
}
