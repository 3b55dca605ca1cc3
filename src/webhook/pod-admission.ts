// One pod admission decision: which project the pod's namespace is (from the caches), and the
// mutation for it. Everything else (other kinds, updates, unmanaged namespaces) passes unchanged:
// this webhook never rejects a pod. Updates of what it stamped are guarded by an admission policy
// (src/admission-manifests/policies.ts), which needs no webhook to be up.
import type { JsonPatchOperation } from '../kube/kube-client.js';
import type { AdmissionRequest } from './admission-review.js';
import { planPodMutation, type CappedValue, type MutationOptions } from './pod-mutation.js';
import { projectView, type ProjectSources } from './project-view.js';

export type PodAdmissionOutcome = 'patched' | 'unchanged' | 'unmanaged' | 'ignored';

export interface PodAdmission {
  readonly outcome: PodAdmissionOutcome;
  readonly patch: JsonPatchOperation[];
  readonly capped: CappedValue[];
  readonly removed: string[];
  readonly warnings: string[];
}

const NOTHING = { patch: [], capped: [], removed: [], warnings: [] };

export function admitPod(request: AdmissionRequest, sources: ProjectSources, options: MutationOptions): PodAdmission {
  const isPodCreate = request.kind.group === '' && request.kind.kind === 'Pod' && request.operation === 'CREATE' && request.subResource === undefined;
  if (!isPodCreate || typeof request.object !== 'object' || request.object === null) return { outcome: 'ignored', ...NOTHING };
  const project = request.namespace === undefined ? undefined : projectView(request.namespace, sources);
  if (project === undefined) return { outcome: 'unmanaged', ...NOTHING };
  const { patch, capped, removed } = planPodMutation(request.object, project, options);
  const warnings = [
    ...capped.map((c) => `${c.key}=${c.requested} is above the ${c.direction} limit of project ${project.project}; set to ${c.stamped}`),
    ...removed.map((key) => `${key} removed: pods of project ${project.project} take their address from the project's own pool`),
  ];
  return { outcome: patch.length === 0 ? 'unchanged' : 'patched', patch, capped, removed, warnings };
}
