// The marks the controller keeps on a project's namespace: its workspace label (what the rendered
// policies select peers by), the provider's annotations (Calico: which pool pods draw from) and the
// guard rails (guard-marks.ts). Pure: each returns the one merge patch needed, or undefined when the
// namespace already agrees.
import { LABEL_WORKSPACE } from '../../api/constants.js';
import type { KubeObject } from '../../kube/kube-client.js';

export interface DesiredMarks {
  readonly labels: Readonly<Record<string, string>>;
  /** `null`: the annotation must be absent. */
  readonly annotations: Readonly<Record<string, string | null>>;
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

/** Removes our label and the given label and annotation keys; nothing for a namespace being deleted. */
export function unmarkPatch(namespace: KubeObject, keys: { readonly labels: readonly string[]; readonly annotations: readonly string[] }): Record<string, unknown> | undefined {
  const meta = namespace.metadata;
  if (meta === undefined || meta.deletionTimestamp !== undefined) return undefined;
  const labels = [LABEL_WORKSPACE, ...keys.labels].filter((k) => meta.labels?.[k] !== undefined);
  const annotations = keys.annotations.filter((k) => meta.annotations?.[k] !== undefined);
  if (labels.length === 0 && annotations.length === 0) return undefined;
  return { metadata: { labels: Object.fromEntries(labels.map((k) => [k, null])), annotations: Object.fromEntries(annotations.map((k) => [k, null])) } };
}
