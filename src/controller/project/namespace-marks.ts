// The marks the controller keeps on a project's namespace: its workspace label (what the rendered
// policies select peers by) and the provider's annotations (Calico: which pool pods draw from).
// Pure: each returns the one merge patch needed, or undefined when the namespace already agrees.
import { LABEL_WORKSPACE } from '../../api/constants.js';
import type { KubeObject } from '../../kube/kube-client.js';

export function markPatch(namespace: KubeObject, workspace: string, annotations: Readonly<Record<string, string>>): Record<string, unknown> | undefined {
  const labelOk = namespace.metadata?.labels?.[LABEL_WORKSPACE] === workspace;
  const annotationsOk = Object.entries(annotations).every(([k, v]) => namespace.metadata?.annotations?.[k] === v);
  return labelOk && annotationsOk ? undefined : { metadata: { labels: { [LABEL_WORKSPACE]: workspace }, annotations } };
}

/**
 * Removes the provider's annotation keys and, unless `beforeSubnetGoes`, our label; nothing for a
 * namespace being deleted. `beforeSubnetGoes` is for the moment before the subnet is removed: the
 * annotation must not name a subnet that no longer exists (Calico fails every pod start in the
 * namespace), so every key is removed even where the cache shows none — it may not have seen the
 * patch that added it — while the label stays until the policies are gone.
 */
export function unmarkPatch(namespace: KubeObject, providerAnnotationKeys: readonly string[], beforeSubnetGoes = false): Record<string, unknown> | undefined {
  const meta = namespace.metadata;
  if (meta === undefined || meta.deletionTimestamp !== undefined) return undefined;
  const stale = beforeSubnetGoes ? providerAnnotationKeys : providerAnnotationKeys.filter((k) => meta.annotations?.[k] !== undefined);
  const keepLabel = beforeSubnetGoes;
  const label = !keepLabel && meta.labels?.[LABEL_WORKSPACE] !== undefined;
  if (!label && stale.length === 0) return undefined;
  return { metadata: { ...(label ? { labels: { [LABEL_WORKSPACE]: null } } : {}), annotations: Object.fromEntries(stale.map((k) => [k, null])) } };
}
