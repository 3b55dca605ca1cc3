// Building blocks shared by the admission policies: CEL literals, the "is this the controller or an
// admin" test read from the parameter variables (params.ts), and the policy object shell.
import { API_GROUP } from '../api/constants.js';
import type { KubeObject } from '../kube/kube-client.js';
import { PARAM_KEYS, SYSTEM_CONTROLLER_USERS } from '../webhook/protection-rules.js';

export interface AdmissionPolicyObject extends KubeObject {
  spec: Record<string, unknown>;
}

export const ADMISSION_REGISTRATION_API_VERSION = 'admissionregistration.k8s.io/v1';

export const celString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
export const celList = (values: readonly string[]): string => `[${values.map(celString).join(', ')}]`;
/** A list parameter: the policy variable params.ts fills with a CEL list of strings. */
export const param = (key: string): string => `variables.${key}`;

/** Members of the admin groups, admin users and the controller; optionally Kubernetes' own controllers. */
export function privilegedExpression(includeSystemControllers: boolean): string {
  const users = `${param(PARAM_KEYS.controllerUsers)} + ${param(PARAM_KEYS.adminUsers)}${includeSystemControllers ? ` + ${celList(SYSTEM_CONTROLLER_USERS)}` : ''}`;
  return `request.userInfo.username in (${users}) || (has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${param(PARAM_KEYS.adminGroups)}))`;
}

/** A map field of `object` or `oldObject`, `{}` when absent (and for `oldObject` on CREATE). */
export function metadataMap(object: 'object' | 'oldObject', field: 'labels' | 'annotations'): string {
  const guard = object === 'oldObject' ? 'oldObject != null && ' : '';
  return `${guard}has(${object}.metadata.${field}) ? ${object}.metadata.${field} : {}`;
}

export function policyObject(name: string, description: string, spec: Record<string, unknown>): AdmissionPolicyObject {
  return {
    apiVersion: ADMISSION_REGISTRATION_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, annotations: { [`${API_GROUP}/description`]: description } },
    spec: { failurePolicy: 'Fail', ...spec },
  };
}
