// The MutatingWebhookConfiguration for pods, rendered from one place (the chart's generated YAML and
// the tests both come from here). Deliberate choices:
//
// - failurePolicy Ignore: a webhook outage (all replicas down, certificate not yet trusted, timeout)
//   must never block pod creation cluster-wide — including the pods that would repair the outage.
//   The trade-off: a pod created during an outage starts without the bandwidth annotations and the
//   attribution; it is shaped once it is re-created. The webhook's own metrics
//   (tenant_network_webhook_requests_total) and the apiserver's
//   apiserver_admission_webhook_rejection_count / _request_total show such a window.
// - namespaceSelector `sdn.kubesphere.io/workspace` Exists: only managed project namespaces are sent
//   to the webhook. The label is written by the controller alone (the ValidatingAdmissionPolicy
//   protects it), so a tenant can neither opt a namespace out nor pull a foreign one in; system and
//   unmanaged namespaces never pay the webhook's latency or its failure modes.
// - No objectSelector: a pod cannot exempt itself with a label.
// - CREATE only: the stamps are made when the pod is created. Later edits of them (Calico's QoS
//   controls follow a running pod's annotations) are refused by the pod admission policy
//   (src/webhook/protection-rules.ts), which runs in the apiserver and cannot be down.
// - reinvocationPolicy IfNeeded: if a later mutating webhook raises a bandwidth annotation, ours runs
//   again and caps it.
// - timeoutSeconds 5: the answer comes from memory in well under a millisecond; a hung replica
//   delays pod creation by at most this long before Ignore applies.
// - sideEffects None: the webhook writes nothing, so dry-run requests are safe.
import { LABEL_WORKSPACE } from '../api/constants.js';
import type { KubeObject } from '../kube/kube-client.js';
import type { ResourceType } from '../kube/resource.js';

export const MUTATING_WEBHOOK_CONFIGURATIONS: ResourceType = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  plural: 'mutatingwebhookconfigurations',
  kind: 'MutatingWebhookConfiguration',
  namespaced: false,
};

export const POD_WEBHOOK_NAME = 'pods.sdn.kubesphere.io';
export const POD_WEBHOOK_PATH = '/mutate-pods';
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 5;

export type WebhookClientConfig =
  | { readonly url: string; readonly caBundle?: string }
  | { readonly service: { readonly name: string; readonly namespace: string; readonly port: number; readonly path: string }; readonly caBundle?: string };

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface MutatingWebhookConfigurationOptions {
  readonly name: string;
  readonly clientConfig: WebhookClientConfig;
  readonly timeoutSeconds?: number;
  /** Narrows the namespaces further (tests confine the webhook to their own namespaces). */
  readonly extraNamespaceRequirements?: readonly LabelSelectorRequirement[];
  readonly labels?: Readonly<Record<string, string>>;
}

export interface MutatingWebhookConfiguration extends KubeObject {
  webhooks: Record<string, unknown>[];
}

export function renderMutatingWebhookConfiguration(options: MutatingWebhookConfigurationOptions): MutatingWebhookConfiguration {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: options.name, ...(options.labels === undefined ? {} : { labels: { ...options.labels } }) },
    webhooks: [
      {
        name: POD_WEBHOOK_NAME,
        admissionReviewVersions: ['v1'],
        clientConfig: options.clientConfig,
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: 'Namespaced' }],
        failurePolicy: 'Ignore',
        matchPolicy: 'Equivalent',
        namespaceSelector: { matchExpressions: [{ key: LABEL_WORKSPACE, operator: 'Exists' }, ...(options.extraNamespaceRequirements ?? [])] },
        sideEffects: 'None',
        reinvocationPolicy: 'IfNeeded',
        timeoutSeconds: options.timeoutSeconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS,
      },
    ],
  };
}
