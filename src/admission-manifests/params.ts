// The parameters of the admission policies: who may touch what the controller owns. They live in a
// ConfigMap (the policies' paramKind) so the policies themselves are static YAML generated from here,
// and the chart only fills in this ConfigMap from its values. Lists are comma-separated, no spaces.
import type { KubeObject } from '../kube/kube-client.js';
import type { AnnotationSetName } from '../webhook/pod-keys.js';
import { DEFAULT_ADMIN_GROUPS, PARAM_KEYS } from '../webhook/protection-rules.js';
import { DEFAULT_WEBHOOK_SETTINGS } from '../webhook/webhook-settings.js';

export { DEFAULT_ADMIN_GROUPS, PARAM_KEYS, SYSTEM_CONTROLLER_USERS } from '../webhook/protection-rules.js';

export interface AdmissionParams {
  readonly name: string;
  readonly namespace: string;
  readonly controllerUsers: readonly string[];
  readonly adminGroups?: readonly string[];
  readonly adminUsers?: readonly string[];
  /** The webhook's annotation sets (webhook.annotationSets). */
  readonly annotationSets?: readonly AnnotationSetName[];
}

export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

export function renderAdmissionParams(params: AdmissionParams): KubeObject & { data: Record<string, string> } {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: params.name, namespace: params.namespace },
    data: {
      [PARAM_KEYS.controllerUsers]: params.controllerUsers.join(','),
      [PARAM_KEYS.adminGroups]: (params.adminGroups ?? DEFAULT_ADMIN_GROUPS).join(','),
      [PARAM_KEYS.adminUsers]: (params.adminUsers ?? []).join(','),
      [PARAM_KEYS.bandwidthAnnotationSets]: (params.annotationSets ?? DEFAULT_WEBHOOK_SETTINGS.annotationSets).join(','),
    },
  };
}
