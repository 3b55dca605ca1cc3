// The parameters of the admission policies: who may touch what the controller owns, and which
// bandwidth annotations a new pod must carry. They are compiled into each policy as CEL list
// literals in `spec.variables` (the chart fills them from its values), not read from a paramKind
// ConfigMap: an apiserver that ever sees no binding naming a built-in paramKind stops that kind's
// informer for good, after which every policy using it denies or reads a stale copy until the
// apiserver restarts (kubernetes/kubernetes#130887) — one `helm uninstall` would arm that.
import type { AnnotationSetName } from '../webhook/pod-keys.js';
import { DEFAULT_ADMIN_GROUPS, PARAM_KEYS } from '../webhook/protection-rules.js';
import { DEFAULT_WEBHOOK_SETTINGS } from '../webhook/webhook-settings.js';
import { celList } from './policy-parts.js';

export { DEFAULT_ADMIN_GROUPS, PARAM_KEYS, SYSTEM_CONTROLLER_USERS } from '../webhook/protection-rules.js';

export type ParamKey = (typeof PARAM_KEYS)[keyof typeof PARAM_KEYS];

export interface AdmissionParams {
  readonly controllerUsers: readonly string[];
  readonly adminGroups?: readonly string[];
  readonly adminUsers?: readonly string[];
  /** The webhook's annotation sets (webhook.annotationSets). */
  readonly annotationSets?: readonly AnnotationSetName[];
}

export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** Each parameter as the value of the policy variable of the same name: a CEL list of strings. */
export function paramExpressions(params: AdmissionParams): Readonly<Record<ParamKey, string>> {
  return {
    [PARAM_KEYS.controllerUsers]: celList(params.controllerUsers),
    [PARAM_KEYS.adminGroups]: celList(params.adminGroups ?? DEFAULT_ADMIN_GROUPS),
    [PARAM_KEYS.adminUsers]: celList(params.adminUsers ?? []),
    [PARAM_KEYS.bandwidthAnnotationSets]: celList(params.annotationSets ?? DEFAULT_WEBHOOK_SETTINGS.annotationSets),
  };
}
