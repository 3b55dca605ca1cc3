// The pod policy (bound to managed namespaces only, like the pod webhook). The webhook runs on CREATE
// only and may be down (failurePolicy Ignore); this policy runs in the apiserver and closes what that
// leaves open to a tenant who may patch her own pods:
//  - on UPDATE, adding, changing or removing a bandwidth annotation of any known set (Calico's QoS
//    controls follow a running pod's annotations) or the attribution labels/annotations the webhook
//    stamps;
//  - on CREATE and UPDATE, setting or changing a Calico IPAM override (a pod naming another
//    project's pool or address; the webhook removes them on CREATE, so this bites when it is down).
// Removing an IPAM override later is allowed: IPAM already happened, and it only tidies the pod.
// Only the controller and admins may; Kubernetes' own controllers are not exempt here, because
// without per-controller credentials the ReplicaSet controller creates pods as
// system:kube-controller-manager from a tenant's template.
import { CONTROLLER_NAME } from '../api/constants.js';
import { CALICO_IPAM_OVERRIDE_ANNOTATIONS } from '../webhook/ipam-overrides.js';
import { allBandwidthKeys, POD_ATTRIBUTION_ANNOTATIONS, POD_ATTRIBUTION_LABELS } from '../webhook/pod-keys.js';
import { celList, celString, metadataMap, policyObject, privilegedExpression, type AdmissionPolicyObject } from './policy-parts.js';

const POD_RULE = { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] };

/** The keys of `keys` whose presence or value differs between two maps (CEL). */
function changed(keys: readonly string[], now: string, before: string): string {
  return `${celList(keys)}.filter(k, (k in ${now}) != (k in ${before}) || ((k in ${now}) && ${now}[k] != ${before}[k]))`;
}

export const STAMPED_ANNOTATIONS: readonly string[] = [...allBandwidthKeys(), ...POD_ATTRIBUTION_ANNOTATIONS];
export const STAMPED_LABELS: readonly string[] = POD_ATTRIBUTION_LABELS;

export function renderPodMetadataPolicy(name: string): AdmissionPolicyObject {
  const stampedMessage = `only ${CONTROLLER_NAME} and admins may add, change or remove these pod labels/annotations after the pod is created (the project's bandwidth limit and attribution): `;
  const ipamMessage = `pods in a project take their address from the project's own pool; only ${CONTROLLER_NAME} and admins may set these Calico IPAM annotations: `;
  return policyObject(name, `Only ${CONTROLLER_NAME} and admins may change a pod's bandwidth annotations and attribution after creation, or set Calico IPAM overrides, in managed namespaces.`, {
    matchConstraints: { resourceRules: [POD_RULE] },
    variables: [
      { name: 'privileged', expression: privilegedExpression(false) },
      { name: 'newAnnotations', expression: metadataMap('object', 'annotations') },
      { name: 'oldAnnotations', expression: metadataMap('oldObject', 'annotations') },
      { name: 'newLabels', expression: metadataMap('object', 'labels') },
      { name: 'oldLabels', expression: metadataMap('oldObject', 'labels') },
      {
        name: 'changedStamps',
        // On CREATE the webhook stamps (and caps) them; afterwards they are the controller's.
        expression: `request.operation != 'UPDATE' ? [] : ${changed(STAMPED_LABELS, 'variables.newLabels', 'variables.oldLabels')} + ${changed(STAMPED_ANNOTATIONS, 'variables.newAnnotations', 'variables.oldAnnotations')}`,
      },
      {
        name: 'ipamOverrides',
        expression: `${celList(CALICO_IPAM_OVERRIDE_ANNOTATIONS)}.filter(k, (k in variables.newAnnotations) && (!(k in variables.oldAnnotations) || variables.newAnnotations[k] != variables.oldAnnotations[k]))`,
      },
    ],
    validations: [
      { expression: 'variables.privileged || size(variables.changedStamps) == 0', messageExpression: `${celString(stampedMessage)} + variables.changedStamps.join(', ')`, reason: 'Forbidden' },
      { expression: 'variables.privileged || size(variables.ipamOverrides) == 0', messageExpression: `${celString(ipamMessage)} + variables.ipamOverrides.join(', ')`, reason: 'Forbidden' },
    ],
  });
}
