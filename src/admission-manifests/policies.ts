// ValidatingAdmissionPolicies rendered into the chart at build time from the protection rules
// (src/webhook/protection-rules.ts, docs/security.md): each rule becomes one policy and one binding,
// evaluated by the apiserver itself (no webhook). The same rules run in the controller's validating
// webhook where the apiserver has no usable admissionregistration API for policies
// (docs/compatibility.md); each check kind is rendered here as CEL and evaluated there in
// TypeScript, case beside case (src/webhook/protection-evaluate.ts).
// The CEL uses no optional types, so a v1beta1 apiserver (1.28, 1.29) compiles it too; only the
// pod-bandwidth rule needs the quantity library and is rendered for v1 (1.30+) alone.
// Who counts as "the controller and admins" is a parameter, compiled into each policy as a variable
// (params.ts says why not a paramKind); the chart sets those variables from its values.
import { DIRECTIONS, type Direction } from '../webhook/bandwidth-quantity.js';
import { BANDWIDTH_ANNOTATION_SETS, bandwidthKeys } from '../webhook/pod-keys.js';
import { BANDWIDTH_LIMIT_ANNOTATIONS, PARAM_KEYS, PROJECT_NAMESPACE_LABEL, protectionRule, type KeySet, type MetadataField, type ProtectionCheck, type ProtectionRule, type ProtectionRuleId } from '../webhook/protection-rules.js';
import { paramExpressions, type AdmissionParams, type ParamKey } from './params.js';
import { ADMISSION_REGISTRATION_API_VERSION, celList, celString, metadataMap, param, policyObject as policy, privilegedExpression, type AdmissionPolicyObject } from './policy-parts.js';

export type { AdmissionPolicyObject } from './policy-parts.js';

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

export interface AdmissionPolicyOptions {
  /** Prefix of every object name (tests use a unique one on a shared apiserver). */
  readonly namePrefix?: string;
  /** Compiled into the policies' parameter variables. */
  readonly params: AdmissionParams;
  /** Confines the bindings further (tests confine them to their own objects). */
  readonly extraMatchResources?: { readonly namespaceSelector?: LabelSelector; readonly objectSelector?: LabelSelector };
}

export interface PolicyAndBinding { readonly policy: AdmissionPolicyObject; readonly binding: AdmissionPolicyObject }

export interface AdmissionPolicySet {
  readonly namespaceLabels: PolicyAndBinding;
  readonly managedNetworkPolicies: PolicyAndBinding;
  /** Bind only in strict mode. */
  readonly strictNetworkPolicies: PolicyAndBinding;
  /** Pods in managed namespaces: what the webhook stamps, and Calico IPAM overrides. */
  readonly podMetadata: PolicyAndBinding;
  /** New pods in projects with a bandwidth limit (bind only with the webhook, which stamps the limit). */
  readonly podBandwidth: PolicyAndBinding;
}

export const DEFAULT_POLICY_NAME_PREFIX = 'tenant-network';

/** The policy name of each rule after the prefix. */
export const POLICY_SUFFIXES: Readonly<Record<ProtectionRuleId, string>> = {
  'namespace-labels': 'protected-namespace-labels',
  'managed-networkpolicies': 'managed-networkpolicies',
  'strict-networkpolicies': 'strict-networkpolicies',
  'pod-metadata': 'protected-pod-metadata',
  'pod-bandwidth': 'pod-bandwidth-limit',
};

/** A label selector for the rule's namespaces (project namespaces only, or all). */
export function ruleNamespaceSelector(rule: ProtectionRule): LabelSelector | undefined {
  return rule.projectsOnly ? { matchExpressions: [{ key: PROJECT_NAMESPACE_LABEL, operator: 'Exists' }] } : undefined;
}

const mapVariable = (object: 'object' | 'oldObject', field: MetadataField): string => `${object === 'object' ? 'new' : 'old'}${field === 'labels' ? 'Labels' : 'Annotations'}`;
const vars = (name: string): string => `variables.${name}`;

/** CEL: the keys among `keys` whose presence or value differs between the two maps. */
function changedKeys(field: MetadataField, set: KeySet): string {
  const now = vars(mapVariable('object', field));
  const before = vars(mapVariable('oldObject', field));
  const differs = `(k in ${now}) != (k in ${before}) || ((k in ${now}) && ${now}[k] != ${before}[k])`;
  if (set.prefixes.length + (set.prefixesInProjects ?? []).length + (set.exactInProjects ?? []).length === 0) return `${celList(set.exact)}.filter(k, ${differs})`;
  const isProtected = [
    ...set.exact.map((k) => `k == ${celString(k)}`),
    ...set.prefixes.map((p) => `k.startsWith(${celString(p)})`),
    ...(set.prefixesInProjects ?? []).map((p) => `(variables.project && k.startsWith(${celString(p)}))`),
    ...(set.exactInProjects ?? []).map((k) => `(variables.project && k == ${celString(k)})`),
  ].join(' || ');
  return `(${now}.filter(k, ${isProtected}) + ${before}.filter(k, (${isProtected}) && !(k in ${now}))).filter(k, ${differs})`;
}

function labelledExpression(object: 'object' | 'oldObject', label: string, value: string): string {
  return `${object} != null && has(${object}.metadata.labels) && ${celString(label)} in ${object}.metadata.labels && ${object}.metadata.labels[${celString(label)}] == ${celString(value)}`;
}

/** A check as a variable (a list of offending keys, or a bool) and the validation that reads it. */
function renderCheck(check: ProtectionCheck, ruleOperations: readonly string[]): { variable: string; validation: Record<string, unknown> } {
  switch (check.kind) {
    case 'changedKeys': {
      const keys = check.fields.map(({ field, keys }) => changedKeys(field, keys)).join(' + ');
      const guard = check.operations.length === ruleOperations.length ? '' : check.operations.length === 1
        ? `request.operation != ${celString(check.operations[0] ?? '')} ? [] : `
        : `!(request.operation in ${celList(check.operations)}) ? [] : `;
      return { variable: `${guard}${keys}`, validation: keyValidation(check) };
    }
    case 'setKeys': {
      const now = vars(mapVariable('object', check.field));
      const before = vars(mapVariable('oldObject', check.field));
      return { variable: `${celList(check.keys)}.filter(k, (k in ${now}) && (!(k in ${before}) || ${now}[k] != ${before}[k]))`, validation: keyValidation(check) };
    }
    case 'labelled':
      return {
        variable: `(${labelledExpression('object', check.label, check.value)}) || (${labelledExpression('oldObject', check.label, check.value)})`,
        validation: { expression: `variables.privileged || !${vars(check.name)}`, message: check.message, reason: 'Forbidden' },
      };
    case 'always':
      return { variable: 'true', validation: { expression: `variables.privileged || !${vars(check.name)}`, message: check.message, reason: 'Forbidden' } };
    case 'bandwidthLimit':
      return {
        variable: DIRECTIONS.map((d) => `(${bandwidthProblems(d)})`).join(' + '),
        validation: { expression: `variables.privileged || variables.hostNetwork || size(${vars(check.name)}) == 0`, messageExpression: `${celString(check.message)} + ${vars(check.name)}.join('; ')`, reason: 'Forbidden' },
      };
  }
}

/** A CEL map from annotation set name to its key for one direction. */
function setKeys(direction: Direction): string {
  return `{${Object.entries(BANDWIDTH_ANNOTATION_SETS).map(([set, keys]) => `${celString(set)}: ${celString(keys[direction])}`).join(', ')}}`;
}

/**
 * What is wrong with a new pod for one direction of its project's limit, as a list of strings. Uses
 * the quantity library, so this policy is rendered for admissionregistration v1 only (1.30+).
 */
function bandwidthProblems(direction: Direction): string {
  const limit = `variables.${direction}Limit`;
  const required = `${param(PARAM_KEYS.bandwidthAnnotationSets)}.filter(s, s in ${setKeys(direction)}).map(s, ${setKeys(direction)}[s])`;
  const missing = `${required}.filter(k, !(k in variables.annotations)).map(k, k + ' is missing')`;
  const tooHigh = `${celList(bandwidthKeys(direction))}.filter(k, (k in variables.annotations) && (!isQuantity(variables.annotations[k]) || quantity(variables.annotations[k]).isGreaterThan(quantity(${limit})))).map(k, k + '=' + variables.annotations[k] + ' is above the limit ' + ${limit})`;
  // A malformed limit (only admins can write one) is no limit to hold pods to.
  return `${limit} == '' || !isQuantity(${limit}) ? [] : ${missing} + ${tooHigh}`;
}

/** The variables a bandwidth check reads: the pod's annotations, host networking, the namespace's limits. */
function bandwidthVariables(): { name: string; expression: string }[] {
  return [
    { name: 'hostNetwork', expression: 'has(object.spec.hostNetwork) && object.spec.hostNetwork' },
    { name: 'annotations', expression: metadataMap('object', 'annotations') },
    { name: 'namespaceAnnotations', expression: 'namespaceObject != null && has(namespaceObject.metadata.annotations) ? namespaceObject.metadata.annotations : {}' },
    ...DIRECTIONS.map((d) => ({ name: `${d}Limit`, expression: `${celString(BANDWIDTH_LIMIT_ANNOTATIONS[d])} in variables.namespaceAnnotations ? variables.namespaceAnnotations[${celString(BANDWIDTH_LIMIT_ANNOTATIONS[d])}] : ''` })),
  ];
}

function keyValidation(check: ProtectionCheck): Record<string, unknown> {
  return { expression: `variables.privileged || size(${vars(check.name)}) == 0`, messageExpression: `${celString(check.message)} + ${vars(check.name)}.join(', ')`, reason: 'Forbidden' };
}

/** The metadata maps a rule's checks read, as variables (`{}` when absent). */
function mapVariables(rule: ProtectionRule): { name: string; expression: string }[] {
  const fields = new Set<MetadataField>(rule.checks.flatMap((c) => (c.kind === 'changedKeys' ? c.fields.map((f) => f.field) : c.kind === 'setKeys' ? [c.field] : [])));
  return (['annotations', 'labels'] as const).filter((f) => fields.has(f)).flatMap((field) => (['object', 'oldObject'] as const).map((o) => ({ name: mapVariable(o, field), expression: metadataMap(o, field) })));
}

/** The parameters a rule reads: who is privileged, and for the bandwidth rule the annotation sets. */
export function ruleParamKeys(rule: ProtectionRule): ParamKey[] {
  const who: ParamKey[] = [PARAM_KEYS.controllerUsers, PARAM_KEYS.adminUsers, PARAM_KEYS.adminGroups];
  return rule.checks.some((c) => c.kind === 'bandwidthLimit') ? [...who, PARAM_KEYS.bandwidthAnnotationSets] : who;
}

export function renderPolicy(rule: ProtectionRule, name: string, params: AdmissionParams): AdmissionPolicyObject {
  const checks = rule.checks.map((check) => ({ check, ...renderCheck(check, rule.resource.operations) }));
  const values = paramExpressions(params);
  return policy(name, rule.description, {
    matchConstraints: { resourceRules: [{ apiGroups: [rule.resource.group], apiVersions: [rule.resource.version], operations: [...rule.resource.operations], resources: [rule.resource.resource] }] },
    variables: [
      ...ruleParamKeys(rule).map((key) => ({ name: key, expression: values[key] })),
      { name: 'privileged', expression: privilegedExpression(rule.exemptSystemControllers) },
      ...mapVariables(rule),
      ...(rule.checks.some((c) => c.kind === 'changedKeys' && c.fields.some((f) => (f.keys.prefixesInProjects ?? []).length + (f.keys.exactInProjects ?? []).length > 0))
        ? [{ name: 'project', expression: `${celString(PROJECT_NAMESPACE_LABEL)} in variables.newLabels || ${celString(PROJECT_NAMESPACE_LABEL)} in variables.oldLabels` }]
        : []),
      ...(rule.checks.some((c) => c.kind === 'bandwidthLimit') ? bandwidthVariables() : []),
      ...checks.map(({ check, variable }) => ({ name: check.name, expression: variable })),
    ],
    validations: checks.map(({ validation }) => validation),
  });
}

function binding(policyName: string, options: AdmissionPolicyOptions, namespaceSelector: LabelSelector | undefined): AdmissionPolicyObject {
  const extra = options.extraMatchResources;
  const selector = mergeSelectors(namespaceSelector, extra?.namespaceSelector);
  const objectSelector = extra?.objectSelector;
  const match = { ...(selector === undefined ? {} : { namespaceSelector: selector }), ...(objectSelector === undefined ? {} : { objectSelector }) };
  return {
    apiVersion: ADMISSION_REGISTRATION_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: policyName },
    spec: {
      policyName,
      validationActions: ['Deny'],
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

export function renderAdmissionPolicies(options: AdmissionPolicyOptions): AdmissionPolicySet {
  const prefix = options.namePrefix ?? DEFAULT_POLICY_NAME_PREFIX;
  const render = (id: ProtectionRuleId): PolicyAndBinding => {
    const rule = protectionRule(id);
    const name = `${prefix}-${POLICY_SUFFIXES[id]}`;
    return { policy: renderPolicy(rule, name, options.params), binding: binding(name, options, ruleNamespaceSelector(rule)) };
  };
  return {
    namespaceLabels: render('namespace-labels'),
    managedNetworkPolicies: render('managed-networkpolicies'),
    strictNetworkPolicies: render('strict-networkpolicies'),
    podMetadata: render('pod-metadata'),
    podBandwidth: render('pod-bandwidth'),
  };
}
