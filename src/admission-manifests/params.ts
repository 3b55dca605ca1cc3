// The parameters of the admission policies: who may touch what the controller owns. They live in a
// ConfigMap (the policies' paramKind) so the policies themselves are static YAML generated from here,
// and the chart only fills in this ConfigMap from its values. Lists are comma-separated, no spaces.
import type { KubeObject } from '../kube/kube-client.js';
import type { AnnotationSetName } from '../webhook/pod-keys.js';
import { DEFAULT_WEBHOOK_SETTINGS } from '../webhook/webhook-settings.js';

export const PARAM_KEYS = {
  /** The controller's identities, e.g. `system:serviceaccount:tenant-network-system:tenant-network-controller`. */
  controllerUsers: 'controllerUsers',
  /** Groups whose members may do what the controller does. */
  adminGroups: 'adminGroups',
  /** Further users who may (break-glass accounts, platform automation). */
  adminUsers: 'adminUsers',
  /** The webhook's annotation sets (webhook.annotationSets): what a new pod of a limited project must carry. */
  bandwidthAnnotationSets: 'bandwidthAnnotationSets',
} as const;

/**
 * `system:masters`: cluster admins. `system:serviceaccounts:kubesphere-system`: KubeSphere's own
 * control plane, which creates projects with the `kubesphere.io/workspace` label.
 */
export const DEFAULT_ADMIN_GROUPS: readonly string[] = ['system:masters', 'system:serviceaccounts:kubesphere-system'];

/**
 * Kubernetes' own controllers that delete managed NetworkPolicies (garbage collection of the owner,
 * namespace deletion): always allowed, whatever the parameters say.
 */
export const SYSTEM_CONTROLLER_USERS: readonly string[] = [
  'system:kube-controller-manager',
  'system:serviceaccount:kube-system:generic-garbage-collector',
  'system:serviceaccount:kube-system:namespace-controller',
];

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
