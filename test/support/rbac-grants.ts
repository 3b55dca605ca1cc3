// A chart's RBAC rules cut into single grants (one verb on one resource, or one resource name), so a
// test can take each away in turn and show that something needed it.
import type { KubeObject } from '../../src/kube/kube-client.js';
import type { ResourceType } from '../../src/kube/resource.js';

/** A PolicyRule as plain JSON (client-node's V1PolicyRule is a class). */
export interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}

export interface RoleObject extends KubeObject {
  rules: Rule[];
}

export interface ChartRole {
  readonly type: ResourceType;
  readonly name: string;
  readonly namespace?: string;
  readonly rules: Rule[];
}

export interface Permission {
  readonly role: ChartRole;
  readonly ruleIndex: number;
  readonly apiGroup: string;
  readonly resource: string;
  readonly verb: string;
  readonly resourceName?: string;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const CLUSTER_ROLES: ResourceType = { group: RBAC_GROUP, version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false };
export const ROLES: ResourceType = { group: RBAC_GROUP, version: 'v1', plural: 'roles', kind: 'Role', namespaced: true };

export function permissionsOf(role: ChartRole): Permission[] {
  return role.rules.flatMap((rule, ruleIndex) => {
    if (rule.apiGroups?.length !== 1) throw new Error(`${role.name}: rule ${ruleIndex} must name one API group`);
    const apiGroup = rule.apiGroups[0] ?? '';
    return (rule.resources ?? []).flatMap((resource) => rule.verbs.flatMap((verb) =>
      (rule.resourceNames ?? [undefined]).map((resourceName) => ({ role, ruleIndex, apiGroup, resource, verb, ...(resourceName === undefined ? {} : { resourceName }) }))));
  });
}

/** The role's rules minus exactly one grant; everything else in the rule it came from stays. */
export function rulesWithout(p: Permission): Rule[] {
  return p.role.rules.flatMap((rule, index) => {
    if (index !== p.ruleIndex) return [rule];
    const kept: Rule[] = [];
    const otherResources = (rule.resources ?? []).filter((r) => r !== p.resource);
    if (otherResources.length > 0) kept.push({ ...rule, resources: otherResources });
    const otherVerbs = rule.verbs.filter((v) => v !== p.verb);
    if (otherVerbs.length > 0) kept.push({ ...rule, resources: [p.resource], verbs: otherVerbs });
    const otherNames = (rule.resourceNames ?? []).filter((n) => n !== p.resourceName);
    if (p.resourceName !== undefined && otherNames.length > 0) kept.push({ ...rule, resources: [p.resource], verbs: [p.verb], resourceNames: otherNames });
    return kept;
  });
}

export function describePermission(p: Permission): string {
  const where = p.role.namespace === undefined ? 'ClusterRole' : `Role in ${p.role.namespace}`;
  return `${p.verb} ${p.apiGroup === '' ? 'core' : p.apiGroup}/${p.resource}${p.resourceName === undefined ? '' : `/${p.resourceName}`} (${where})`;
}
