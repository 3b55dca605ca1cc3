// The RBAC a KubeSphere project ("namespace") administrator has, for minted tenant credentials.
//
// Models KubeSphere's built-in project role `admin` ("Project Administrator: full access to every
// resource in the project", https://kubesphere.io/docs/ → Project User Guide → Project roles;
// role templates in iam.kubesphere.io): in Kubernetes terms a rule of `*` on `*` in `*` API groups,
// bound in the project's namespace only. Written here as a ClusterRole (the template, as KubeSphere
// keeps role templates cluster-wide) plus a RoleBinding in the tenant's namespace, so the rights stop
// at that namespace. Note what that grants that matters here: RBAC authorises `get/patch/update/
// delete namespaces/<ns>` through a RoleBinding in <ns> itself, so a project admin CAN patch the labels
// of her own namespace — only the ValidatingAdmissionPolicy stands in the way of a relabel.
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import type { ResourceType } from '../../../src/kube/resource.js';

export const CLUSTER_ROLES: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false };
export const CLUSTER_ROLE_BINDINGS: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false };
export const ROLE_BINDINGS: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true };

export const PROJECT_ADMIN_ROLE = 'kubesphere-project-admin';

export interface RbacFixture {
  readonly clusterRole: KubeObject;
  readonly roleBinding: KubeObject;
}

/** Pure: the ClusterRole (role template) and the RoleBinding that makes `user` admin of `namespace`. */
export function projectAdminRbac(user: string, namespace: string): RbacFixture {
  return {
    clusterRole: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: PROJECT_ADMIN_ROLE, annotations: { 'kubesphere.io/description': 'models the KubeSphere project role "admin"' } },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    } as KubeObject,
    roleBinding: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${user}-admin`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PROJECT_ADMIN_ROLE },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
    } as KubeObject,
  };
}

/** Creates the fixture (the ClusterRole only once). */
export async function grantProjectAdmin(admin: KubeClient, user: string, namespace: string): Promise<void> {
  const fixture = projectAdminRbac(user, namespace);
  const exists = await admin.get(CLUSTER_ROLES, PROJECT_ADMIN_ROLE).then(() => true, () => false);
  if (!exists) await admin.create(CLUSTER_ROLES, fixture.clusterRole);
  await admin.create(ROLE_BINDINGS, fixture.roleBinding);
}
