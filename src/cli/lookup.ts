// Finding a named project or workspace in a snapshot, with an error message that says exactly why
// a name is not one (and what was probably meant).
import { KS_LABEL_WORKSPACE } from '../api/constants.js';
import type { ProjectModel } from '../policy/index.js';
import type { SnapshotGraph } from './model-input.js';
import { byName, type ClusterSnapshot } from './snapshot.js';

/** A name resolved, or why it is not what was asked for. */
export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function lookupProject(graph: SnapshotGraph, snapshot: ClusterSnapshot, name: string): Found<ProjectModel> {
  const project = graph.project(name);
  if (project !== undefined) return { ok: true, value: project };
  const membership = graph.membership(name);
  switch (membership.kind === 'none' ? membership.reason : 'NamespaceGone') {
    case 'SystemNamespace':
      return { ok: false, message: `namespace ${name} is a system namespace, not a project` };
    case 'NotInWorkspace':
      return { ok: false, message: `namespace ${name} is not a project: it has no ${KS_LABEL_WORKSPACE} label` };
    case 'WorkspaceGone': {
      const ws = byName(snapshot.namespaces).get(name)?.metadata?.labels?.[KS_LABEL_WORKSPACE] ?? '';
      return { ok: false, message: `namespace ${name} is not a project: its workspace ${ws} does not exist (or is being deleted)` };
    }
    default:
      return { ok: false, message: `unknown project ${name}: there is no namespace ${name}${suggestion(name, graph.projectNames())}` };
  }
}

export function lookupWorkspace(snapshot: ClusterSnapshot, name: string): Found<string> {
  const known = new Set([...snapshot.workspaces, ...snapshot.workspaceNetworks].map((w) => w.metadata?.name ?? ''));
  if (known.has(name)) return { ok: true, value: name };
  return { ok: false, message: `unknown workspace ${name}${suggestion(name, [...known].sort())}` };
}

/** `; did you mean x?` for a close name (a typo or a prefix), else nothing. */
export function suggestion(name: string, candidates: readonly string[]): string {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = candidate.startsWith(name) ? 1 : editDistance(name, candidate);
    if (distance <= Math.max(1, Math.floor(name.length / 3)) && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best === undefined ? '' : `; did you mean ${best.candidate}?`;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
