// The pod bandwidth policy on a real apiserver with the controller running and no pod webhook at all
// (as while the webhook is down: it fails open): the controller writes the project's effective limit
// on its namespace, and a tenant's new pod in that project must carry the limit, at most, or it is
// refused; host-network pods, admins and projects without a limit are left alone. The bindings are
// confined to this test's namespaces, since the apiserver is shared with other test files.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serviceAccountUser } from '../../src/admission-manifests/params.js';
import { renderAdmissionPolicies } from '../../src/admission-manifests/policies.js';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { KubeApiError } from '../../src/kube/api-error.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { errorMessage } from '../../src/util/errors.js';
import { sharedCluster } from '../harness/shared.js';
import { createWorkspace, deleteNamespace, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';

const id = `vbw${Date.now().toString(36).slice(-5)}`;
const TEST_LABEL = 'tnc-test/vap-bandwidth';
const SYSTEM_NS = `${id}-system`;
const LIMITED = `${id}-limited`;
const FREE = `${id}-free`;
const WS = `${id}-ws`;
const FREE_WS = `${id}-free-ws`;

const VAP: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', namespaced: false };
const VAPB: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false };
const ROLES: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true };
const ROLE_BINDINGS: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true };

async function denial(write: Promise<unknown>): Promise<KubeApiError> {
  const outcome = await write.then(() => undefined, (err: unknown) => err);
  if (!(outcome instanceof KubeApiError)) throw new Error(`expected the write to be denied, got ${outcome === undefined ? 'success' : errorMessage(outcome)}`);
  return outcome;
}

let podCount = 0;
function pod(namespace: string, annotations: Record<string, string> = {}, hostNetwork = false): KubeObject {
  podCount += 1;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${podCount}`, namespace, annotations }, spec: { hostNetwork, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } } as KubeObject;
}

describe('the pod bandwidth policy, with no webhook', () => {
  let env: CoreEnv;
  let tenant: KubeClient;
  const installed: [ResourceType, string][] = [];
  const { policy, binding } = renderAdmissionPolicies({
    namePrefix: id,
    params: { controllerUsers: [serviceAccountUser(SYSTEM_NS, 'controller')], annotationSets: ['kubernetes', 'calico'] },
    extraMatchResources: { namespaceSelector: { matchLabels: { [TEST_LABEL]: id } } },
  }).podBandwidth;

  beforeAll(async () => {
    const cluster = sharedCluster();
    env = await startCoreEnv();
    await createWorkspace(env.admin, WS);
    await createWorkspace(env.admin, FREE_WS);
    await env.admin.create(CORE.namespaces, { metadata: { name: SYSTEM_NS } });
    await env.admin.create(CORE.namespaces, { metadata: { name: LIMITED, labels: { 'kubesphere.io/workspace': WS, [TEST_LABEL]: id } } });
    await env.admin.create(CORE.namespaces, { metadata: { name: FREE, labels: { 'kubesphere.io/workspace': FREE_WS, [TEST_LABEL]: id } } });
    await eventually(() => env.admin.mergePatch(WORKSPACE_NETWORKS, WS, { spec: { bandwidth: { ingress: '20M' } } }), 30_000, 200);
    await eventually(() => env.admin.mergePatch(PROJECT_NETWORKS, LIMITED, { spec: { bandwidth: { egress: '5M' } } }), 30_000, 200);
    // The controller writes the effective limits on the namespace.
    await eventually(async () => {
      const ns = await env.admin.get<KubeObject>(CORE.namespaces, LIMITED);
      expect(ns.metadata?.annotations).toMatchObject({ 'sdn.kubesphere.io/ingress-bandwidth-limit': '20M', 'sdn.kubesphere.io/egress-bandwidth-limit': '5M' });
    }, 30_000, 200);

    for (const [type, object] of [[VAP, policy], [VAPB, binding]] as const) {
      await env.admin.create(type, object);
      installed.push([type, object.metadata?.name ?? '']);
    }
    // The tenant is a project admin: every verb in her two namespaces.
    for (const ns of [LIMITED, FREE]) {
      await env.admin.create(ROLES, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'tenant-admin', namespace: ns }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } as KubeObject);
      await env.admin.create(ROLE_BINDINGS, {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'tenant-admin', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tenant-admin' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `${id}-tenant` }],
      } as KubeObject);
    }
    tenant = await KubeClient.fromKubeConfig(await cluster.userKubeConfig(`${id}-tenant`));
    // The apiserver loads new policies (and their parameters) asynchronously: wait until it bites.
    await eventually(async () => {
      const err = await denial(tenant.create(CORE.pods, pod(LIMITED)));
      expect(err.message).toContain('this project has a bandwidth limit');
    }, 60_000, 500);
  }, 90_000);

  afterAll(async () => {
    for (const [type, name] of installed.reverse()) await env.admin.delete(type, name).catch(() => undefined);
    for (const ns of [LIMITED, FREE, SYSTEM_NS]) await deleteNamespace(env.admin, ns).catch(() => undefined);
    for (const ws of [WS, FREE_WS]) await env.admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${ws}`).catch(() => undefined);
    await tenant.close();
    await env.stop();
  }, 60_000);

  const stamped = { 'kubernetes.io/ingress-bandwidth': '20M', 'kubernetes.io/egress-bandwidth': '5M', 'qos.projectcalico.org/ingressBandwidth': '20M', 'qos.projectcalico.org/egressBandwidth': '5M' };

  it.each([
    ['no bandwidth annotations at all', {}, 'kubernetes.io/ingress-bandwidth is missing'],
    ['only the kubernetes set (the calico set is stamped too here)', { 'kubernetes.io/ingress-bandwidth': '20M', 'kubernetes.io/egress-bandwidth': '5M' }, 'qos.projectcalico.org/egressBandwidth is missing'],
    ['more than the project allows', { ...stamped, 'kubernetes.io/egress-bandwidth': '1G' }, 'kubernetes.io/egress-bandwidth=1G is above the limit 5M'],
    ['a value that is not a quantity', { ...stamped, 'qos.projectcalico.org/ingressBandwidth': 'fast' }, 'qos.projectcalico.org/ingressBandwidth=fast is above the limit 20M'],
  ])('refuses a new pod with %s', async (_what, annotations, problem) => {
    const err = await denial(tenant.create(CORE.pods, pod(LIMITED, annotations)));
    expect(err.status).toBe(403);
    expect(err.message).toContain('this project has a bandwidth limit');
    expect(err.message).toContain(problem);
  });

  it('admits a pod at or below the limit, a host-network pod, and any pod of a project without a limit', async () => {
    await tenant.create(CORE.pods, pod(LIMITED, stamped));
    await tenant.create(CORE.pods, pod(LIMITED, { ...stamped, 'kubernetes.io/egress-bandwidth': '1M' }));
    await tenant.create(CORE.pods, pod(LIMITED, {}, true));
    await tenant.create(CORE.pods, pod(FREE));
  });

  it('lets an admin create what a tenant may not', async () => {
    await env.admin.create(CORE.pods, pod(LIMITED));
  });
});
