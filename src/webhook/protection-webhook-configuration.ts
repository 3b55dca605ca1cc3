// The ValidatingWebhookConfiguration that runs the protection rules (protection-rules.ts) in the
// controller, for apiservers without usable ValidatingAdmissionPolicies (docs/compatibility.md). One
// webhook per rule, each matching what the rule's policy and binding match, so the apiserver asks
// about exactly the writes the policy would have judged. Deliberate choices:
// - failurePolicy Fail: the policies it replaces cannot be down, and deny when their parameters are
//   missing; a protection that lapses while the controller is down would let a tenant relabel her
//   namespace in that window. The cost: while no replica answers, the writes it guards (namespace
//   label changes, managed NetworkPolicies, pods in projects) are refused. The chart's
//   `admissionPolicies.webhookFailurePolicy` can choose Ignore instead.
// - Namespaces: the controller's own namespace and kube-system are left out, so the controller and
//   the cluster's own components can always be repaired.
// - timeoutSeconds 5, sideEffects None (the answer comes from memory and writes nothing).
import type { KubeObject } from '../kube/kube-client.js';
import type { ResourceType } from '../kube/resource.js';
import { PROJECT_NAMESPACE_LABEL, type ProtectionRule, type ProtectionRuleId } from './protection-rules.js';
import { DEFAULT_WEBHOOK_TIMEOUT_SECONDS, type LabelSelectorRequirement, type WebhookClientConfig } from './webhook-configuration.js';

export const VALIDATING_WEBHOOK_CONFIGURATIONS: ResourceType = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  plural: 'validatingwebhookconfigurations',
  kind: 'ValidatingWebhookConfiguration',
  namespaced: false,
};

export const PROTECTION_WEBHOOK_PATH_PREFIX = '/validate/';
export const protectionWebhookPath = (id: ProtectionRuleId): string => `${PROTECTION_WEBHOOK_PATH_PREFIX}${id}`;
export const protectionWebhookName = (id: ProtectionRuleId): string => `${id}.protection.sdn.kubesphere.io`;

export type FailurePolicy = 'Fail' | 'Ignore';

export interface ProtectionWebhookOptions {
  readonly name: string;
  /** The rules to serve (strict mode adds its rule). */
  readonly rules: readonly ProtectionRule[];
  /** A URL or Service; each webhook's path is its rule's. */
  readonly clientConfig: (path: string) => WebhookClientConfig;
  /** Namespaces never sent (the controller's own, kube-system). */
  readonly exemptNamespaces: readonly string[];
  readonly failurePolicy?: FailurePolicy;
  readonly timeoutSeconds?: number;
  /** Narrows the namespaces further (tests confine the webhooks to their own namespaces). */
  readonly extraNamespaceRequirements?: readonly LabelSelectorRequirement[];
}

export interface ValidatingWebhookConfiguration extends KubeObject {
  webhooks: Record<string, unknown>[];
}

export function renderProtectionWebhookConfiguration(options: ProtectionWebhookOptions): ValidatingWebhookConfiguration {
  const exempt: LabelSelectorRequirement[] = options.exemptNamespaces.length === 0 ? [] : [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...options.exemptNamespaces] }];
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: options.name },
    webhooks: options.rules.map((rule) => ({
      name: protectionWebhookName(rule.id),
      admissionReviewVersions: ['v1'],
      clientConfig: options.clientConfig(protectionWebhookPath(rule.id)),
      rules: [{ operations: [...rule.resource.operations], apiGroups: [rule.resource.group], apiVersions: [rule.resource.version], resources: [rule.resource.resource], scope: '*' }],
      failurePolicy: options.failurePolicy ?? 'Fail',
      matchPolicy: 'Equivalent',
      namespaceSelector: {
        matchExpressions: [
          ...(rule.projectsOnly ? [{ key: PROJECT_NAMESPACE_LABEL, operator: 'Exists' }] : []),
          ...exempt,
          ...(options.extraNamespaceRequirements ?? []),
        ],
      },
      sideEffects: 'None',
      timeoutSeconds: options.timeoutSeconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS,
    })),
  };
}
