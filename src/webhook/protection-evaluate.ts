// The protection rules (protection-rules.ts) evaluated in the controller, for apiservers that cannot
// run them as ValidatingAdmissionPolicies. Pure, and written check kind by check kind beside the CEL
// renderer's cases (src/admission-manifests/policies.ts), so both forms answer alike: same verdict,
// same message, same keys named.
import { bitsPerSecondOf, DIRECTIONS } from './bandwidth-quantity.js';
import { BANDWIDTH_ANNOTATION_SETS, bandwidthKeys } from './pod-keys.js';
import type { KeySet, MetadataField, ProtectionCheck, ProtectionParams, ProtectionRule } from './protection-rules.js';
import { BANDWIDTH_LIMIT_ANNOTATIONS, PROJECT_NAMESPACE_LABEL, SYSTEM_CONTROLLER_USERS } from './protection-rules.js';

export interface ProtectionRequest {
  readonly operation: string;
  readonly username: string;
  readonly groups: readonly string[];
  /** The object after the write (absent on DELETE). */
  readonly object?: unknown;
  /** The object before the write (absent on CREATE). */
  readonly oldObject?: unknown;
  /** The annotations of the request's namespace (what the apiserver gives a policy as namespaceObject). */
  readonly namespaceAnnotations?: Readonly<Record<string, string>>;
}

export type ProtectionVerdict = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

type StringMap = Readonly<Record<string, string>>;

function metadataMap(object: unknown, field: MetadataField): StringMap {
  if (typeof object !== 'object' || object === null) return {};
  const metadata = (object as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return {};
  const map = (metadata as Record<string, unknown>)[field];
  return typeof map === 'object' && map !== null ? (map as StringMap) : {};
}

export function isPrivileged(rule: ProtectionRule, request: ProtectionRequest, params: ProtectionParams): boolean {
  const users = [...params.controllerUsers, ...params.adminUsers, ...(rule.exemptSystemControllers ? SYSTEM_CONTROLLER_USERS : [])];
  return users.includes(request.username) || request.groups.some((g) => params.adminGroups.includes(g));
}

const protectedKey = (keys: KeySet, project: boolean) => (key: string): boolean =>
  keys.exact.includes(key) || keys.prefixes.some((p) => key.startsWith(p)) || (project && ((keys.prefixesInProjects ?? []).some((p) => key.startsWith(p)) || (keys.exactInProjects ?? []).includes(key)));
/** A project namespace, before or after the write (for keys guarded on projects only). */
const isProject = (request: ProtectionRequest): boolean => [request.object, request.oldObject].some((o) => Object.hasOwn(metadataMap(o, 'labels'), PROJECT_NAMESPACE_LABEL));

/**
 * What is wrong with a new pod for its project's limit. Values outside the API's bandwidth syntax
 * (e.g. `1e6`) count as above the limit here, where CEL's quantity() would compare them; the pod
 * webhook has replaced such values before this runs, and with it down this webhook is down too.
 */
function bandwidthProblems(request: ProtectionRequest, params: ProtectionParams): string[] {
  const spec = (request.object as { spec?: { hostNetwork?: unknown } } | undefined)?.spec;
  if (spec?.hostNetwork === true) return [];
  const annotations = metadataMap(request.object, 'annotations');
  return DIRECTIONS.flatMap((direction) => {
    const limit = request.namespaceAnnotations?.[BANDWIDTH_LIMIT_ANNOTATIONS[direction]] ?? '';
    const bits = bitsPerSecondOf(limit);
    if (bits === undefined) return [];
    const required = params.bandwidthAnnotationSets.map((set) => BANDWIDTH_ANNOTATION_SETS[set][direction]);
    const missing = required.filter((k) => !Object.hasOwn(annotations, k)).map((k) => `${k} is missing`);
    const tooHigh = bandwidthKeys(direction).filter((k) => Object.hasOwn(annotations, k) && !((bitsPerSecondOf(annotations[k]) ?? Infinity) <= bits)).map((k) => `${k}=${annotations[k] ?? ''} is above the limit ${limit}`);
    return [...missing, ...tooHigh];
  });
}
const differs = (now: StringMap, before: StringMap) => (key: string): boolean => Object.hasOwn(now, key) !== Object.hasOwn(before, key) || (Object.hasOwn(now, key) && now[key] !== before[key]);

/** The keys a check objects to (empty: none), or whether a boolean check objects. */
function offending(check: ProtectionCheck, request: ProtectionRequest, params: ProtectionParams): readonly string[] | boolean {
  switch (check.kind) {
    case 'changedKeys':
      if (!check.operations.includes(request.operation as never)) return [];
      return check.fields.flatMap(({ field, keys }) => {
        const now = metadataMap(request.object, field);
        const before = metadataMap(request.oldObject, field);
        const isProtected = protectedKey(keys, isProject(request));
        const candidates = [...Object.keys(now).filter(isProtected), ...Object.keys(before).filter((k) => isProtected(k) && !Object.hasOwn(now, k))];
        return candidates.filter(differs(now, before));
      });
    case 'setKeys': {
      const now = metadataMap(request.object, check.field);
      const before = metadataMap(request.oldObject, check.field);
      return check.keys.filter((k) => Object.hasOwn(now, k) && (!Object.hasOwn(before, k) || now[k] !== before[k]));
    }
    case 'labelled':
      return [request.object, request.oldObject].some((o) => metadataMap(o, 'labels')[check.label] === check.value);
    case 'always':
      return true;
    case 'bandwidthLimit':
      return bandwidthProblems(request, params);
  }
}

/** The first check that objects decides, as the policy's first failing validation does. */
export function evaluateProtection(rule: ProtectionRule, request: ProtectionRequest, params: ProtectionParams): ProtectionVerdict {
  if (!rule.resource.operations.includes(request.operation as never) || isPrivileged(rule, request, params)) return { allowed: true };
  for (const check of rule.checks) {
    const found = offending(check, request, params);
    if (found === false || (Array.isArray(found) && found.length === 0)) continue;
    const separator = check.kind === 'bandwidthLimit' ? '; ' : ', ';
    return { allowed: false, message: Array.isArray(found) ? `${check.message}${found.join(separator)}` : check.message };
  }
  return { allowed: true };
}
