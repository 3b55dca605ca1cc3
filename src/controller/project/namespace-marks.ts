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

/** Removes our label and the provider's annotation keys; nothing for a namespace being deleted. */
export function unmarkPatch(namespace: KubeObject, providerAnnotationKeys: readonly string[]): Record<string, unknown> | undefined {
  const meta = namespace.metadata;
  if (meta === undefined || meta.deletionTimestamp !== undefined) return undefined;
  const stale = providerAnnotationKeys.filter((k) => meta.annotations?.[k] !== undefined);
  if (meta.labels?.[LABEL_WORKSPACE] === undefined && stale.length === 0) return undefined;
  return { metadata: { labels: { [LABEL_WORKSPACE]: null }, annotations: Object.fromEntries(stale.map((k) => [k, null])) } };
}
