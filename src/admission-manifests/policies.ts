// ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, Kubernetes ≥ 1.30; no webhook), rendered
// into the chart at build time, that keep tenants off what the controller owns (docs/security.md):
//  - namespace labels: only the controller and admins may set, change or remove `sdn.kubesphere.io/*`
//    and `kubesphere.io/workspace` (the labels the isolation policies select on), the
//    `sdn.kubesphere.io/*` annotations (the tenant view of the network) and, on managed namespaces,
//    Calico's `cni.projectcalico.org/ipv4pools` (which pool the namespace's pods draw from);
//  - managed NetworkPolicies (label app.kubernetes.io/managed-by=tenant-network-controller): only the
//    controller and admins may create, edit or delete them;
//  - strict mode (bound only when the chart asks for it): only they may create, edit or delete any
//    NetworkPolicy in a managed namespace;
//  - pods in managed namespaces (pod-metadata-policy.ts): only they may change what the pod webhook
//    stamped after creation, or set Calico IPAM overrides (another project's pool or address).
// Who counts as "the controller and admins" is a parameter (a ConfigMap, see params.ts). A missing
// parameter object denies (fail closed): the chart always installs it with the policies.
import { CONTROLLER_NAME, KS_LABEL_WORKSPACE, LABEL_MANAGED_BY, LABEL_WORKSPACE, API_GROUP } from '../api/constants.js';
import { ANNOTATION_CALICO_IPV4_POOLS } from '../api/external/calico-ippool.js';
import { renderPodMetadataPolicy } from './pod-metadata-policy.js';
import { ADMISSION_REGISTRATION_API_VERSION, celString, metadataMap, policyObject as policy, privilegedExpression, type AdmissionPolicyObject } from './policy-parts.js';

export type { AdmissionPolicyObject } from './policy-parts.js';

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

export interface AdmissionPolicyOptions {
  /** Prefix of every object name (tests use a unique one on a shared apiserver). */
  readonly namePrefix?: string;
  readonly paramRef: { readonly name: string; readonly namespace: string };
  /** Confines the bindings further (tests confine them to their own objects). */
  readonly extraMatchResources?: { readonly namespaceSelector?: LabelSelector; readonly objectSelector?: LabelSelector };
}

export interface AdmissionPolicySet {
  readonly namespaceLabels: { readonly policy: AdmissionPolicyObject; readonly binding: AdmissionPolicyObject };
  readonly managedNetworkPolicies: { readonly policy: AdmissionPolicyObject; readonly binding: AdmissionPolicyObject };
  /** Bind only in strict mode. */
  readonly strictNetworkPolicies: { readonly policy: AdmissionPolicyObject; readonly binding: AdmissionPolicyObject };
  /** Pods in managed namespaces: what the webhook stamps, and Calico IPAM overrides. */
  readonly podMetadata: { readonly policy: AdmissionPolicyObject; readonly binding: AdmissionPolicyObject };
}

export const DEFAULT_POLICY_NAME_PREFIX = 'tenant-network';

const IS_PROTECTED_LABEL = `k == ${celString(KS_LABEL_WORKSPACE)} || k.startsWith(${celString(`${API_GROUP}/`)})`;
/**
 * Namespace annotations only the controller and admins may change: its own (the tenant view of the
 * network) everywhere, and Calico's pool binding on managed namespaces — a tenant who could set it
 * would draw addresses from another project's pool.
 */
const IS_PROTECTED_ANNOTATION = `k.startsWith(${celString(`${API_GROUP}/`)}) || (variables.managedNamespace && k == ${celString(ANNOTATION_CALICO_IPV4_POOLS)})`;
const IS_MANAGED = (o: string): string => `${o} != null && has(${o}.metadata.labels) && ${o}.metadata.labels[?${celString(LABEL_MANAGED_BY)}].orValue('') == ${celString(CONTROLLER_NAME)}`;

function binding(policyName: string, options: AdmissionPolicyOptions, matchResources: Record<string, unknown> | undefined): AdmissionPolicyObject {
  const extra = options.extraMatchResources;
  const namespaceSelector = mergeSelectors(matchResources?.namespaceSelector as LabelSelector | undefined, extra?.namespaceSelector);
  const objectSelector = extra?.objectSelector;
  const match = { ...(namespaceSelector === undefined ? {} : { namespaceSelector }), ...(objectSelector === undefined ? {} : { objectSelector }) };
  return {
    apiVersion: ADMISSION_REGISTRATION_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: policyName },
    spec: {
      policyName,
      validationActions: ['Deny'],
      paramRef: { name: options.paramRef.name, namespace: options.paramRef.namespace, parameterNotFoundAction: 'Deny' },
      ...(Object.keys(match).length === 0 ? {} : { matchResources: match }),
    },
  };
}

function mergeSelectors(a: LabelSelector | undefined, b: LabelSelector | undefined): LabelSelector | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const matchLabels = { ...a.matchLabels, ...b.matchLabels };
  const matchExpressions = [...(a.matchExpressions ?? []), ...(b.matchExpressions ?? [])];
  return { ...(Object.keys(matchLabels).length === 0 ? {} : { matchLabels }), ...(matchExpressions.length === 0 ? {} : { matchExpressions }) };
}

const NETWORK_POLICY_RULE = { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['networkpolicies'] };

export function renderAdmissionPolicies(options: AdmissionPolicyOptions): AdmissionPolicySet {
  const prefix = options.namePrefix ?? DEFAULT_POLICY_NAME_PREFIX;
  const names = {
    namespaceLabels: `${prefix}-protected-namespace-labels`,
    managed: `${prefix}-managed-networkpolicies`,
    strict: `${prefix}-strict-networkpolicies`,
    podMetadata: `${prefix}-protected-pod-metadata`,
  };
  const inManagedNamespaces = { namespaceSelector: { matchExpressions: [{ key: LABEL_WORKSPACE, operator: 'Exists' }] } };

  const namespaceLabels = policy(names.namespaceLabels, `Only ${CONTROLLER_NAME} and admins may set, change or remove ${KS_LABEL_WORKSPACE} and ${API_GROUP}/* labels and ${API_GROUP}/* annotations on namespaces, and ${ANNOTATION_CALICO_IPV4_POOLS} on managed ones.`, {
    matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['namespaces'] }] },
    variables: [
      { name: 'privileged', expression: privilegedExpression(false) },
      { name: 'newLabels', expression: metadataMap('object', 'labels') },
      { name: 'oldLabels', expression: metadataMap('oldObject', 'labels') },
      { name: 'protectedKeys', expression: `variables.newLabels.filter(k, ${IS_PROTECTED_LABEL}) + variables.oldLabels.filter(k, ${IS_PROTECTED_LABEL})` },
      {
        name: 'changedKeys',
        expression: 'variables.protectedKeys.filter(k, !(k in variables.newLabels) || !(k in variables.oldLabels) || variables.newLabels[k] != variables.oldLabels[k])',
      },
      { name: 'managedNamespace', expression: `${celString(LABEL_WORKSPACE)} in variables.newLabels || ${celString(LABEL_WORKSPACE)} in variables.oldLabels` },
      { name: 'newAnnotations', expression: metadataMap('object', 'annotations') },
      { name: 'oldAnnotations', expression: metadataMap('oldObject', 'annotations') },
      { name: 'protectedAnnotations', expression: `variables.newAnnotations.filter(k, ${IS_PROTECTED_ANNOTATION}) + variables.oldAnnotations.filter(k, ${IS_PROTECTED_ANNOTATION})` },
      {
        name: 'changedAnnotations',
        expression: 'variables.protectedAnnotations.filter(k, !(k in variables.newAnnotations) || !(k in variables.oldAnnotations) || variables.newAnnotations[k] != variables.oldAnnotations[k])',
      },
    ],
    validations: [
      {
        expression: 'variables.privileged || size(variables.changedKeys) == 0',
        messageExpression: `'only ${CONTROLLER_NAME} and admins may set, change or remove the namespace label(s) ' + variables.changedKeys.join(', ')`,
        reason: 'Forbidden',
      },
      {
        expression: 'variables.privileged || size(variables.changedAnnotations) == 0',
        messageExpression: `'only ${CONTROLLER_NAME} and admins may set, change or remove the namespace annotation(s) ' + variables.changedAnnotations.join(', ')`,
        reason: 'Forbidden',
      },
    ],
  });

  const managed = policy(names.managed, `Only ${CONTROLLER_NAME} and admins may create, edit or delete NetworkPolicies labelled ${LABEL_MANAGED_BY}=${CONTROLLER_NAME}.`, {
    matchConstraints: { resourceRules: [NETWORK_POLICY_RULE] },
    variables: [
      { name: 'privileged', expression: privilegedExpression(true) },
      { name: 'managed', expression: `(${IS_MANAGED('object')}) || (${IS_MANAGED('oldObject')})` },
    ],
    validations: [
      {
        expression: 'variables.privileged || !variables.managed',
        message: `this NetworkPolicy is managed by ${CONTROLLER_NAME}: change the ProjectNetwork, WorkspaceNetwork or ProjectConnection instead`,
        reason: 'Forbidden',
      },
    ],
  });

  const strict = policy(names.strict, `Strict mode: only ${CONTROLLER_NAME} and admins may create, edit or delete NetworkPolicies in managed namespaces.`, {
    matchConstraints: { resourceRules: [NETWORK_POLICY_RULE] },
    variables: [{ name: 'privileged', expression: privilegedExpression(true) }],
    validations: [
      {
        expression: 'variables.privileged',
        message: `NetworkPolicies in projects are managed by ${CONTROLLER_NAME} (strict mode): ask an admin, or use a ProjectConnection`,
        reason: 'Forbidden',
      },
    ],
  });

  return {
    namespaceLabels: { policy: namespaceLabels, binding: binding(names.namespaceLabels, options, undefined) },
    managedNetworkPolicies: { policy: managed, binding: binding(names.managed, options, undefined) },
    strictNetworkPolicies: { policy: strict, binding: binding(names.strict, options, inManagedNamespaces) },
    // Same namespaces as the pod webhook's selector (its label is protected by namespaceLabels).
    podMetadata: { policy: renderPodMetadataPolicy(names.podMetadata), binding: binding(names.podMetadata, options, inManagedNamespaces) },
  };
}
