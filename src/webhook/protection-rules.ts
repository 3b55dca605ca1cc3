// The protection rules (docs/security.md) as data: which writes to what the controller owns only the
// controller and admins may make. This table is the one source of the rules; it is rendered twice:
//  - as ValidatingAdmissionPolicies in CEL (src/admission-manifests/policies.ts), which the apiserver
//    evaluates itself where it has admissionregistration.k8s.io/v1 (≥1.30) or an enabled v1beta1;
//  - as the controller's validating webhook (protection-evaluate.ts, protection-webhook-configuration.ts)
//    on older apiservers (docs/compatibility.md).
// Each check names the keys or labels it guards and the message a refused client reads; both forms
// give the same answer and the same message.
import { ANNOTATION_EGRESS_BANDWIDTH_LIMIT, ANNOTATION_INGRESS_BANDWIDTH_LIMIT, API_GROUP, CONTROLLER_NAME, KS_LABEL_WORKSPACE, LABEL_MANAGED_BY, LABEL_WORKSPACE, POD_SECURITY_LABEL_PREFIX } from '../api/constants.js';
import { ANNOTATION_CALICO_IPV4_POOLS } from '../api/external/calico-ippool.js';
import { CALICO_IPAM_OVERRIDE_ANNOTATIONS } from './ipam-overrides.js';
import { allBandwidthKeys, POD_ATTRIBUTION_ANNOTATIONS, POD_ATTRIBUTION_LABELS, type AnnotationSetName } from './pod-keys.js';

export type ProtectionRuleId = 'namespace-labels' | 'managed-networkpolicies' | 'strict-networkpolicies' | 'pod-metadata' | 'pod-bandwidth';
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';
export type MetadataField = 'labels' | 'annotations';

/** Metadata keys: these exact keys, and any key that starts with one of the prefixes. */
export interface KeySet {
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
  /** Further prefixes guarded only on a project namespace (labelled with its workspace, before or after). */
  readonly prefixesInProjects?: readonly string[];
  /** Further keys guarded only on a project namespace. */
  readonly exactInProjects?: readonly string[];
}

/** The namespace annotations in which the controller writes a project's effective limit, per direction. */
export const BANDWIDTH_LIMIT_ANNOTATIONS = { ingress: ANNOTATION_INGRESS_BANDWIDTH_LIMIT, egress: ANNOTATION_EGRESS_BANDWIDTH_LIMIT } as const;

/** `name` names the check's result (a CEL variable of the policy, a log field of the webhook). */
export type ProtectionCheck = { readonly name: string } & (
  /** Refuses adding, changing or removing any of the keys (on the operations listed); names them. */
  | { readonly kind: 'changedKeys'; readonly fields: readonly { readonly field: MetadataField; readonly keys: KeySet }[]; readonly operations: readonly Operation[]; readonly message: string }
  /** Refuses adding or changing any of the annotations (removing is allowed); names them. */
  | { readonly kind: 'setKeys'; readonly field: MetadataField; readonly keys: readonly string[]; readonly message: string }
  /** Refuses any write to an object that carries (before or after) the label with this value. */
  | { readonly kind: 'labelled'; readonly label: string; readonly value: string; readonly message: string }
  /** Refuses every write it is bound to. */
  | { readonly kind: 'always'; readonly message: string }
  /**
   * Refuses a new pod of a project with a limit (its namespace's BANDWIDTH_LIMIT_ANNOTATIONS) that
   * lacks an annotation the webhook stamps (per the annotation sets in the parameters) or carries
   * one above the limit; host-network pods are exempt. Names each problem.
   */
  | { readonly kind: 'bandwidthLimit'; readonly message: string }
);

export interface ProtectionRule {
  readonly id: ProtectionRuleId;
  readonly description: string;
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string; readonly operations: readonly Operation[] };
  /** Bound to project namespaces only (label `sdn.kubesphere.io/workspace` present), like the pod webhook. */
  readonly projectsOnly: boolean;
  /** Kubernetes' own controllers that delete managed objects (garbage collector, namespace controller) may. */
  readonly exemptSystemControllers: boolean;
  /** Installed only in strict mode. */
  readonly strictOnly: boolean;
  /** Installed only with the pod webhook (what it checks is what the webhook stamps). */
  readonly webhookOnly?: boolean;
  readonly checks: readonly ProtectionCheck[];
}

/** Who may: the parameters (CEL literals compiled into the policies, the controller's configuration for the webhook). */
export interface ProtectionParams {
  readonly controllerUsers: readonly string[];
  readonly adminGroups: readonly string[];
  readonly adminUsers: readonly string[];
  /** The webhook's annotation sets (webhook.annotationSets): what a new pod of a limited project must carry. */
  readonly bandwidthAnnotationSets: readonly AnnotationSetName[];
}

/** The parameter keys: the names of the policies' parameter variables. */
export const PARAM_KEYS = {
  controllerUsers: 'controllerUsers',
  adminGroups: 'adminGroups',
  adminUsers: 'adminUsers',
  bandwidthAnnotationSets: 'bandwidthAnnotationSets',
} as const satisfies Record<keyof ProtectionParams, string>;

/**
 * `system:masters`: cluster admins. `system:serviceaccounts:kubesphere-system`: KubeSphere's own
 * control plane, which creates projects with the `kubesphere.io/workspace` label.
 */
export const DEFAULT_ADMIN_GROUPS: readonly string[] = ['system:masters', 'system:serviceaccounts:kubesphere-system'];

/** Kubernetes' own controllers that delete managed NetworkPolicies (owner garbage collection, namespace deletion). */
export const SYSTEM_CONTROLLER_USERS: readonly string[] = [
  'system:kube-controller-manager',
  'system:serviceaccount:kube-system:generic-garbage-collector',
  'system:serviceaccount:kube-system:namespace-controller',
];

const NETWORK_POLICIES = { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', operations: ['CREATE', 'UPDATE', 'DELETE'] } as const;
const WHO = `only ${CONTROLLER_NAME} and admins may`;

export const PROTECTION_RULES: readonly ProtectionRule[] = [
  {
    // Labels the isolation selects on, Pod Security labels on projects (they keep hostNetwork pods
    // out), and sdn.kubesphere.io/* annotations (the limits the pod-bandwidth rule reads).
    id: 'namespace-labels',
    description: `Only ${CONTROLLER_NAME} and admins may set, change or remove ${KS_LABEL_WORKSPACE} and ${API_GROUP}/* labels and ${API_GROUP}/* annotations on namespaces, and ${POD_SECURITY_LABEL_PREFIX}* labels and ${ANNOTATION_CALICO_IPV4_POOLS} on projects.`,
    resource: { group: '', version: 'v1', resource: 'namespaces', operations: ['CREATE', 'UPDATE'] },
    projectsOnly: false,
    exemptSystemControllers: false,
    strictOnly: false,
    checks: [
      {
        name: 'changedKeys',
        kind: 'changedKeys',
        fields: [{ field: 'labels', keys: { exact: [KS_LABEL_WORKSPACE], prefixes: [`${API_GROUP}/`], prefixesInProjects: [POD_SECURITY_LABEL_PREFIX] } }],
        operations: ['CREATE', 'UPDATE'],
        message: `${WHO} set, change or remove the namespace label(s) `,
      },
      {
        name: 'changedAnnotations',
        kind: 'changedKeys',
        // Calico's pool binding on a project: a tenant who could set it would draw addresses from
        // another project's pool. Elsewhere it is the namespace owner's business.
        fields: [{ field: 'annotations', keys: { exact: [], prefixes: [`${API_GROUP}/`], exactInProjects: [ANNOTATION_CALICO_IPV4_POOLS] } }],
        operations: ['CREATE', 'UPDATE'],
        message: `${WHO} set, change or remove the namespace annotation(s) `,
      },
    ],
  },
  {
    id: 'managed-networkpolicies',
    description: `Only ${CONTROLLER_NAME} and admins may create, edit or delete NetworkPolicies labelled ${LABEL_MANAGED_BY}=${CONTROLLER_NAME}.`,
    resource: NETWORK_POLICIES,
    projectsOnly: false,
    exemptSystemControllers: true,
    strictOnly: false,
    checks: [{
      name: 'managed',
      kind: 'labelled',
      label: LABEL_MANAGED_BY,
      value: CONTROLLER_NAME,
      message: `this NetworkPolicy is managed by ${CONTROLLER_NAME}: change the ProjectNetwork, WorkspaceNetwork or ProjectConnection instead`,
    }],
  },
  {
    id: 'strict-networkpolicies',
    description: `Strict mode: only ${CONTROLLER_NAME} and admins may create, edit or delete NetworkPolicies in managed namespaces.`,
    resource: NETWORK_POLICIES,
    projectsOnly: true,
    exemptSystemControllers: true,
    strictOnly: true,
    checks: [{ name: 'anyChange', kind: 'always', message: `NetworkPolicies in projects are managed by ${CONTROLLER_NAME} (strict mode): ask an admin, or use a ProjectConnection` }],
  },
  {
    // The pod webhook runs on CREATE only and may be down; this rule closes what that leaves open.
    // On CREATE the stamps are the webhook's business (it stamps and caps them); afterwards the
    // controller's. Removing an IPAM override later is allowed: IPAM already happened. Kubernetes'
    // own controllers are not exempt: without per-controller credentials the ReplicaSet controller
    // creates pods as system:kube-controller-manager from a tenant's template.
    id: 'pod-metadata',
    description: `Only ${CONTROLLER_NAME} and admins may change a pod's bandwidth annotations and attribution after creation, or set Calico IPAM overrides, in managed namespaces.`,
    resource: { group: '', version: 'v1', resource: 'pods', operations: ['CREATE', 'UPDATE'] },
    projectsOnly: true,
    exemptSystemControllers: false,
    strictOnly: false,
    checks: [
      {
        name: 'changedStamps',
        kind: 'changedKeys',
        fields: [
          { field: 'labels', keys: { exact: POD_ATTRIBUTION_LABELS, prefixes: [] } },
          { field: 'annotations', keys: { exact: [...allBandwidthKeys(), ...POD_ATTRIBUTION_ANNOTATIONS], prefixes: [] } },
        ],
        operations: ['UPDATE'],
        message: `${WHO} add, change or remove these pod labels/annotations after the pod is created (the project's bandwidth limit and attribution): `,
      },
      {
        name: 'ipamOverrides',
        kind: 'setKeys',
        field: 'annotations',
        keys: CALICO_IPAM_OVERRIDE_ANNOTATIONS,
        message: `pods in a project take their address from the project's own pool; ${WHO} set these Calico IPAM annotations: `,
      },
    ],
  },
  {
    // The webhook stamps and caps the limit on CREATE but fails open; this rule holds new pods to it
    // while the webhook is unavailable (docs/security.md). Admins are exempt.
    id: 'pod-bandwidth',
    description: `New pods in a project with a bandwidth limit must carry it, at most, whether or not the ${CONTROLLER_NAME} webhook stamped them.`,
    resource: { group: '', version: 'v1', resource: 'pods', operations: ['CREATE'] },
    projectsOnly: true,
    exemptSystemControllers: false,
    strictOnly: false,
    webhookOnly: true,
    checks: [{ name: 'problems', kind: 'bandwidthLimit', message: `this project has a bandwidth limit, stamped on new pods by the ${CONTROLLER_NAME} webhook (which may be unavailable): ` }],
  },
];

/** The label that marks a project namespace (what `projectsOnly` rules are bound by). */
export const PROJECT_NAMESPACE_LABEL = LABEL_WORKSPACE;

export function protectionRule(id: ProtectionRuleId): ProtectionRule {
  const rule = PROTECTION_RULES.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`unknown protection rule ${id}`);
  return rule;
}
