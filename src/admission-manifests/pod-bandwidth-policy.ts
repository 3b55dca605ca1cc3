// The bandwidth policy for new pods in a project with a limit (bound to managed namespaces, like the
// pod webhook). The webhook stamps and caps the limit on CREATE, but it fails open (failurePolicy
// Ignore: a broken webhook must not stop every pod of every project); this policy runs in the
// apiserver and closes that window. The controller writes the project's effective limit on its
// namespace (`sdn.kubesphere.io/{ingress,egress}-bandwidth-limit`, protected by the namespace
// policy); a new pod must then carry every annotation the webhook stamps for that direction (the
// parameters name the webhook's annotation sets), and every known bandwidth annotation it carries
// must be at most the limit.
// So while the webhook is down, such pods are refused rather than started uncapped. Host-network
// pods are exempt (no dataplane shapes them, and the webhook stamps none); so are admins.
import { ANNOTATION_EGRESS_BANDWIDTH_LIMIT, ANNOTATION_INGRESS_BANDWIDTH_LIMIT, CONTROLLER_NAME } from '../api/constants.js';
import { BANDWIDTH_ANNOTATION_SETS, bandwidthKeys } from '../webhook/pod-keys.js';
import { PARAM_KEYS } from './params.js';
import { celList, celString, metadataMap, policyObject, privilegedExpression, type AdmissionPolicyObject } from './policy-parts.js';

const DIRECTIONS = [
  { name: 'ingress', limitKey: ANNOTATION_INGRESS_BANDWIDTH_LIMIT },
  { name: 'egress', limitKey: ANNOTATION_EGRESS_BANDWIDTH_LIMIT },
] as const;

/** A CEL map from annotation set name to its key for one direction. */
function setKeys(direction: 'ingress' | 'egress'): string {
  return `{${Object.entries(BANDWIDTH_ANNOTATION_SETS).map(([set, keys]) => `${celString(set)}: ${celString(keys[direction])}`).join(', ')}}`;
}

/** What is wrong with the pod for one direction, as a list of strings (empty: nothing). */
function problems(direction: (typeof DIRECTIONS)[number]): string {
  const limit = `variables.${direction.name}Limit`;
  const sets = `params.?data.?${PARAM_KEYS.bandwidthAnnotationSets}.orValue('').split(',')`;
  const required = `${sets}.filter(s, s in ${setKeys(direction.name)}).map(s, ${setKeys(direction.name)}[s])`;
  const missing = `${required}.filter(k, !(k in variables.annotations)).map(k, k + ' is missing')`;
  const tooHigh = `${celList(bandwidthKeys(direction.name))}.filter(k, (k in variables.annotations) && (!isQuantity(variables.annotations[k]) || quantity(variables.annotations[k]).isGreaterThan(quantity(${limit})))).map(k, k + '=' + variables.annotations[k] + ' is above the limit ' + ${limit})`;
  // A malformed limit (only admins can write one) is no limit to hold pods to.
  return `${limit} == '' || !isQuantity(${limit}) ? [] : ${missing} + ${tooHigh}`;
}

export function renderPodBandwidthPolicy(name: string): AdmissionPolicyObject {
  const message = `this project has a bandwidth limit, stamped on new pods by the ${CONTROLLER_NAME} webhook (which may be unavailable): `;
  return policyObject(name, `New pods in a project with a bandwidth limit must carry it, at most, whether or not the ${CONTROLLER_NAME} webhook stamped them.`, {
    matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
    variables: [
      { name: 'privileged', expression: privilegedExpression(false) },
      { name: 'hostNetwork', expression: 'has(object.spec.hostNetwork) && object.spec.hostNetwork' },
      { name: 'annotations', expression: metadataMap('object', 'annotations') },
      { name: 'namespaceAnnotations', expression: 'namespaceObject != null && has(namespaceObject.metadata.annotations) ? namespaceObject.metadata.annotations : {}' },
      ...DIRECTIONS.map((d) => ({ name: `${d.name}Limit`, expression: `variables.namespaceAnnotations[?${celString(d.limitKey)}].orValue('')` })),
      { name: 'problems', expression: DIRECTIONS.map(problems).map((p) => `(${p})`).join(' + ') },
    ],
    validations: [
      { expression: 'variables.privileged || variables.hostNetwork || size(variables.problems) == 0', messageExpression: `${celString(message)} + variables.problems.join('; ')`, reason: 'Forbidden' },
    ],
  });
}
