// One protection decision for the validating webhook: the rule the request's path names, evaluated
// against the request, its namespace's annotations (from the controller's cache) and the parameters
// (who is the controller, who is an admin). Refusals are
// 403 Forbidden with the rule's own message, as the admission policy would give.
import type { AdmissionRequest } from './admission-review.js';
import { evaluateProtection, type ProtectionVerdict } from './protection-evaluate.js';
import type { ProtectionParams, ProtectionRule } from './protection-rules.js';

export function admitProtected(rule: ProtectionRule, request: AdmissionRequest, params: ProtectionParams, namespaceAnnotations?: Readonly<Record<string, string>>): ProtectionVerdict {
  // Subresources (pods/status, namespaces/finalize) are not what the rules guard, as with the policies.
  if (request.subResource !== undefined) return { allowed: true };
  return evaluateProtection(rule, {
    operation: request.operation,
    username: request.userInfo?.username ?? '',
    groups: request.userInfo?.groups ?? [],
    ...(request.object === undefined ? {} : { object: request.object }),
    ...(request.oldObject === undefined ? {} : { oldObject: request.oldObject }),
    ...(namespaceAnnotations === undefined ? {} : { namespaceAnnotations }),
  }, params);
}
