// The ValidatingAdmissionPolicies on a real apiserver, with the controller running: a tenant with
// RBAC to patch namespaces, pods and NetworkPolicies still cannot move a namespace into another
// workspace, touch any sdn.kubesphere.io/* label, edit or delete the controller's policies, change a
// running pod's bandwidth or attribution, or give a pod another project's Calico pool (with no pod
// webhook anywhere near: the policy alone); in strict mode not even create their own policies in a
// project. The controller's service account and admin-group members can. The bindings are confined
// to this test's namespaces, since the apiserver is shared with other test files.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serviceAccountUser } from '../../src/admission-manifests/params.js';
import { renderAdmissionPolicies, type AdmissionPolicyObject } from '../../src/admission-manifests/policies.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import { KubeApiError } from '../../src/kube/api-error.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { errorMessage } from '../../src/util/errors.js';
import { sharedCluster } from '../harness/shared.js';
import { createWorkspace, deleteNamespace, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';

const id = `vap${Date.now().toString(36).slice(-5)}`;
const TEST_LABEL = 'tnc-test/vap';
const SYSTEM_NS = `${id}-system`;
const PROJECT = `${id}-p1`;
const WS1 = `${id}-w1`;
const WS2 = `${id}-w2`;
const ADMIN_GROUP = `${id}:admins`;
const MANAGED_POLICY = 'tenant-network-isolation';

const VAP: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', namespaced: false };
const VAPB: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false };
const CLUSTER_ROLES: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false };
const CLUSTER_ROLE_BINDINGS: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false };

async function denial(write: Promise<unknown>): Promise<KubeApiError> {
  const outcome = await write.then(() => undefined, (err: unknown) => err);
  if (!(outcome instanceof KubeApiError)) throw new Error(`expected the write to be denied, got ${outcome === undefined ? 'success' : errorMessage(outcome)}`);
  return outcome;
}

const CALICO_IN = 'qos.projectcalico.org/ingressBandwidth';
const K8S_OUT = 'kubernetes.io/egress-bandwidth';
const POOLS = 'cni.projectcalico.org/ipv4pools';
const STAMPS_DENIED = 'only tenant-network-controller and admins may add, change or remove these pod labels/annotations after the pod is created';
const IPAM_DENIED = "pods in a project take their address from the project's own pool";

function podIn(name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: PROJECT, annotations, labels }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } } as KubeObject;
}

function ownPolicy(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: PROJECT, labels }, spec: { podSelector: {}, policyTypes: ['Ingress'] } } as KubeObject;
}

describe('ValidatingAdmissionPolicy protection', () => {
  let env: CoreEnv;
  let tenant: KubeClient;
  let admin: KubeClient;
  let controllerSa: KubeClient;
  const installed: [ResourceType, string][] = [];
  const policies = renderAdmissionPolicies({
    namePrefix: id,
    params: { controllerUsers: [serviceAccountUser(SYSTEM_NS, 'controller')], adminGroups: ['system:masters', ADMIN_GROUP] },
    extraMatchResources: { namespaceSelector: { matchLabels: { [TEST_LABEL]: id } } },
  });

  async function install(type: ResourceType, object: AdmissionPolicyObject | KubeObject): Promise<void> {
    await env.admin.create(type, object);
    if (!type.namespaced) installed.push([type, object.metadata?.name ?? '']);
  }

  beforeAll(async () => {
    const cluster = sharedCluster();
    env = await startCoreEnv();
    await Promise.all([createWorkspace(env.admin, WS1), createWorkspace(env.admin, WS2)]);
    await env.admin.create(CORE.namespaces, { metadata: { name: SYSTEM_NS } });
    await env.admin.create(CORE.namespaces, { metadata: { name: PROJECT, labels: { 'kubesphere.io/workspace': WS1, [TEST_LABEL]: id } } });
    // The project is provisioned: namespace marked, managed policy written.
    await eventually(async () => {
      const pjn = await env.admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, PROJECT);
      expect(pjn.status?.phase).toBe('Ready');
      await env.admin.get(CORE.networkPolicies, MANAGED_POLICY, PROJECT);
    }, 30_000);

    // RBAC that would allow everything the policies forbid.
    await install(CLUSTER_ROLES, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `${id}-editor` },
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'create', 'patch', 'update'] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'create', 'patch', 'update', 'delete'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'create', 'patch', 'update', 'delete'] },
      ],
    } as KubeObject);
    await install(CLUSTER_ROLE_BINDINGS, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${id}-editor` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${id}-editor` },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `${id}-tenant` },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: ADMIN_GROUP },
        { kind: 'ServiceAccount', name: 'controller', namespace: SYSTEM_NS },
      ],
    } as KubeObject);

    for (const { policy, binding } of [policies.namespaceLabels, policies.managedNetworkPolicies, policies.podMetadata]) {
      await install(VAP, policy);
      await install(VAPB, binding);
    }
    await install(VAP, policies.strictNetworkPolicies.policy);

    tenant = await KubeClient.fromKubeConfig(await cluster.userKubeConfig(`${id}-tenant`, [`${id}:tenants`]));
    admin = await KubeClient.fromKubeConfig(await cluster.userKubeConfig(`${id}-admin`, [ADMIN_GROUP]));
    controllerSa = await KubeClient.fromKubeConfig(await cluster.serviceAccountKubeConfig(SYSTEM_NS, 'controller'));
    // The apiserver loads new policies asynchronously: wait until the first one bites (a new value
    // each time, since re-setting a label to its value changes nothing).
    let probe = 0;
    // Its parameters load asynchronously too: until they do, it denies for want of them.
    await eventually(async () => {
      const err = await denial(tenant.mergePatch(CORE.namespaces, PROJECT, { metadata: { labels: { 'sdn.kubesphere.io/probe': `p${probe++}` } } }));
      expect(err.message).toContain('only tenant-network-controller and admins');
    }, 60_000, 500);
  }, 90_000);

  afterAll(async () => {
    for (const [type, name] of installed.reverse()) await env.admin.delete(type, name).catch(() => undefined);
    await Promise.all([PROJECT, SYSTEM_NS].map((ns) => deleteNamespace(env.admin, ns).catch(() => undefined)));
    for (const ws of [WS1, WS2]) await env.admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${ws}`).catch(() => undefined);
    await Promise.all([tenant.close(), admin.close(), controllerSa.close()]);
    await env.stop();
  }, 60_000);

  it('keeps a tenant from moving a namespace into another workspace or touching sdn.kubesphere.io/* labels', async () => {
    const cases: [string, Record<string, string | null>][] = [
      ['move to another workspace', { 'kubesphere.io/workspace': WS2 }],
      ['remove the workspace label', { 'kubesphere.io/workspace': null }],
      ['rewrite the controller label', { 'sdn.kubesphere.io/workspace': WS2 }],
      ['remove the controller label', { 'sdn.kubesphere.io/workspace': null }],
      ['add another sdn label', { 'sdn.kubesphere.io/isolated': 'false' }],
      ['loosen Pod Security (a hostNetwork pod would bypass every policy)', { 'pod-security.kubernetes.io/enforce': 'privileged' }],
    ];
    for (const [what, labels] of cases) {
      const err = await denial(tenant.mergePatch(CORE.namespaces, PROJECT, { metadata: { labels } }));
      expect({ what, status: err.status }).toEqual({ what, status: 403 });
      expect(err.message).toContain('only tenant-network-controller and admins may set, change or remove the namespace label(s)');
    }
    const created = await denial(tenant.create(CORE.namespaces, { metadata: { name: `${id}-sneaky`, labels: { 'kubesphere.io/workspace': WS1, [TEST_LABEL]: id } } }));
    expect(created.message).toContain('kubesphere.io/workspace');
    // The same tenant may change its other labels: the policy is narrow, the RBAC is real.
    const patched = await tenant.mergePatch<KubeObject>(CORE.namespaces, PROJECT, { metadata: { labels: { team: 'blue' } } });
    expect(patched.metadata?.labels?.team).toBe('blue');
    expect(patched.metadata?.labels?.['kubesphere.io/workspace']).toBe(WS1);
    // Pod Security labels are guarded on projects only: elsewhere they are the namespace owner's business.
    const elsewhere = await tenant.mergePatch<KubeObject>(CORE.namespaces, SYSTEM_NS, { metadata: { labels: { [TEST_LABEL]: id, 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    expect(elsewhere.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('keeps a tenant from writing sdn.kubesphere.io/* annotations on a namespace (the limits the pod policy reads)', async () => {
    for (const annotations of [{ 'sdn.kubesphere.io/egress-bandwidth-limit': '10G' }, { 'sdn.kubesphere.io/anything': 'x' }]) {
      const err = await denial(tenant.mergePatch(CORE.namespaces, PROJECT, { metadata: { annotations } }));
      expect(err.message).toContain('only tenant-network-controller and admins may set, change or remove the namespace annotation(s) sdn.kubesphere.io/');
    }
    await tenant.mergePatch(CORE.namespaces, PROJECT, { metadata: { annotations: { note: 'mine' } } });
  });

  it("keeps a tenant from editing the controller's namespace annotations or binding another pool to a project", async () => {
    const cases: [string, Record<string, string | null>][] = [
      ['rewrite the subnet shown', { 'sdn.kubesphere.io/subnet': '10.0.0.0/24' }],
      ['remove the phase shown', { 'sdn.kubesphere.io/phase': null }],
      ['add another sdn annotation', { 'sdn.kubesphere.io/vpc-note': 'x' }],
      ["bind another project's Calico pool", { 'cni.projectcalico.org/ipv4pools': '["tnc-someone-else"]' }],
      ['remove the Calico pool binding', { 'cni.projectcalico.org/ipv4pools': null }],
    ];
    for (const [what, annotations] of cases) {
      const err = await denial(tenant.mergePatch(CORE.namespaces, PROJECT, { metadata: { annotations } }));
      expect({ what, status: err.status }).toEqual({ what, status: 403 });
      expect(err.message).toContain('only tenant-network-controller and admins may set, change or remove the namespace annotation(s)');
    }
    // Other annotations stay the tenant's; the pool binding of a namespace that is no project too.
    const patched = await tenant.mergePatch<KubeObject>(CORE.namespaces, PROJECT, { metadata: { annotations: { 'kubesphere.io/alias-name': 'Shop' } } });
    expect(patched.metadata?.annotations?.['sdn.kubesphere.io/subnet']).toMatch(/^10\./);
    const own = await tenant.create<KubeObject>(CORE.namespaces, { metadata: { name: `${id}-plain`, labels: { [TEST_LABEL]: id }, annotations: { 'cni.projectcalico.org/ipv4pools': '["team-pool"]' } } });
    expect(own.metadata?.annotations?.['cni.projectcalico.org/ipv4pools']).toBe('["team-pool"]');
    await env.admin.delete(CORE.namespaces, `${id}-plain`).catch(() => undefined);
  });

  it('keeps a tenant from editing, deleting or forging managed NetworkPolicies, but not from writing their own', async () => {
    const edit = await denial(tenant.mergePatch(CORE.networkPolicies, MANAGED_POLICY, { spec: { ingress: [{}] } }, { namespace: PROJECT }));
    expect(edit.status).toBe(403);
    expect(edit.message).toContain('managed by tenant-network-controller');
    await denial(tenant.mergePatch(CORE.networkPolicies, MANAGED_POLICY, { metadata: { labels: { 'app.kubernetes.io/managed-by': 'me' } } }, { namespace: PROJECT }));
    await denial(tenant.delete(CORE.networkPolicies, MANAGED_POLICY, { namespace: PROJECT }));
    await denial(tenant.create(CORE.networkPolicies, ownPolicy('forged', { 'app.kubernetes.io/managed-by': 'tenant-network-controller' })));
    await tenant.create(CORE.networkPolicies, ownPolicy('mine'));
    await tenant.mergePatch(CORE.networkPolicies, 'mine', { metadata: { labels: { edited: 'yes' } } }, { namespace: PROJECT });
    await tenant.delete(CORE.networkPolicies, 'mine', { namespace: PROJECT });
  });

  it('keeps a tenant from changing a running pod\'s bandwidth or attribution, but not the controller or an admin', async () => {
    // As the webhook would have created it (there is none here: these are the stamps it writes).
    const stamped = { [CALICO_IN]: '10M', [K8S_OUT]: '5M', 'sdn.kubesphere.io/vpc-id': 'calico-x', 'sdn.kubesphere.io/subnet-id': 'tnc-x' };
    await tenant.create(CORE.pods, podIn('running', stamped, { app: 'web', 'sdn.kubesphere.io/workspace': WS1, 'sdn.kubesphere.io/project': PROJECT }));
    // The policy loads asynchronously too.
    const raised = await eventually(() => denial(tenant.mergePatch(CORE.pods, 'running', { metadata: { annotations: { [CALICO_IN]: '10G' } } }, { namespace: PROJECT })), 20_000, 200);
    expect(raised.status).toBe(403);
    expect(raised.message).toContain(`${STAMPS_DENIED} (the project's bandwidth limit and attribution): ${CALICO_IN}`);
    const cases: [string, Record<string, unknown>, string][] = [
      ['remove a bandwidth annotation', { metadata: { annotations: { [K8S_OUT]: null } } }, K8S_OUT],
      ['add a bandwidth annotation of the other set', { metadata: { annotations: { 'kubernetes.io/ingress-bandwidth': '1G' } } }, 'kubernetes.io/ingress-bandwidth'],
      ['rewrite the attribution label', { metadata: { labels: { 'sdn.kubesphere.io/workspace': WS2 } } }, 'sdn.kubesphere.io/workspace'],
      ['remove the attribution label', { metadata: { labels: { 'sdn.kubesphere.io/project': null } } }, 'sdn.kubesphere.io/project'],
      ['change the subnet annotation', { metadata: { annotations: { 'sdn.kubesphere.io/subnet-id': 'tnc-other' } } }, 'sdn.kubesphere.io/subnet-id'],
    ];
    for (const [what, patch, key] of cases) {
      const err = await denial(tenant.mergePatch(CORE.pods, 'running', patch, { namespace: PROJECT }));
      expect({ what, status: err.status, names: err.message.includes(key) }).toEqual({ what, status: 403, names: true });
    }
    // The policy is narrow: the tenant edits the rest of her pod as before.
    const relabelled = await tenant.mergePatch<KubeObject>(CORE.pods, 'running', { metadata: { labels: { app: 'api' }, annotations: { note: 'mine' } } }, { namespace: PROJECT });
    expect(relabelled.metadata?.annotations).toMatchObject({ ...stamped, note: 'mine' });

    const byController = await controllerSa.mergePatch<KubeObject>(CORE.pods, 'running', { metadata: { annotations: { [CALICO_IN]: '20M' } } }, { namespace: PROJECT });
    expect(byController.metadata?.annotations?.[CALICO_IN]).toBe('20M');
    const byAdmin = await admin.mergePatch<KubeObject>(CORE.pods, 'running', { metadata: { labels: { 'sdn.kubesphere.io/project': null } } }, { namespace: PROJECT });
    expect(byAdmin.metadata?.labels?.['sdn.kubesphere.io/project']).toBeUndefined();
    await env.admin.delete(CORE.pods, 'running', { namespace: PROJECT }).catch(() => undefined);
  });

  it('keeps a tenant from giving a pod another project\'s Calico pool or address, with no webhook', async () => {
    const foreign = await eventually(() => denial(tenant.create(CORE.pods, podIn('squatter', { [POOLS]: '["tnc-someone-else"]' }))), 20_000, 200);
    expect(foreign.status).toBe(403);
    expect(foreign.message).toContain(`${IPAM_DENIED}; only tenant-network-controller and admins may set these Calico IPAM annotations: ${POOLS}`);
    for (const key of ['cni.projectcalico.org/ipAddrs', 'cni.projectcalico.org/ipAddrsNoIpam', 'cni.projectcalico.org/ipv6pools', 'cni.projectcalico.org/floatingIPs']) {
      const err = await denial(tenant.create(CORE.pods, podIn(`fixed-${key.split('/')[1]?.toLowerCase() ?? ''}`, { [key]: '["10.200.0.7"]' })));
      expect({ key, status: err.status, names: err.message.includes(key) }).toEqual({ key, status: 403, names: true });
    }
    // Nor add one later to a pod she may create.
    await tenant.create(CORE.pods, podIn('plain'));
    const added = await denial(tenant.mergePatch(CORE.pods, 'plain', { metadata: { annotations: { [POOLS]: '["tnc-someone-else"]' } } }, { namespace: PROJECT }));
    expect(added.message).toContain(POOLS);
    // An admin may (and a pod that already has one may drop it).
    await admin.create(CORE.pods, podIn('pinned', { [POOLS]: '["tnc-special"]' }));
    await tenant.mergePatch(CORE.pods, 'pinned', { metadata: { annotations: { [POOLS]: null } } }, { namespace: PROJECT });
    for (const name of ['plain', 'pinned']) await env.admin.delete(CORE.pods, name, { namespace: PROJECT }).catch(() => undefined);
  });

  it('lets admin-group members and the controller service account do what the controller does', async () => {
    await admin.mergePatch(CORE.namespaces, PROJECT, { metadata: { labels: { 'sdn.kubesphere.io/audited': 'yes' } } });
    await admin.mergePatch(CORE.networkPolicies, MANAGED_POLICY, { metadata: { annotations: { audited: 'yes' } } }, { namespace: PROJECT });
    await controllerSa.mergePatch(CORE.networkPolicies, MANAGED_POLICY, { metadata: { annotations: { touched: 'controller' } } }, { namespace: PROJECT });
    await controllerSa.mergePatch(CORE.namespaces, PROJECT, { metadata: { labels: { 'sdn.kubesphere.io/audited': null } } });
    // A real move, as the controller's identity: allowed (the running controller then moves the project).
    const moved = await controllerSa.mergePatch<KubeObject>(CORE.namespaces, PROJECT, { metadata: { labels: { 'kubesphere.io/workspace': WS2 } } });
    expect(moved.metadata?.labels?.['kubesphere.io/workspace']).toBe(WS2);
    await eventually(async () => {
      const ns = await env.admin.get<KubeObject>(CORE.namespaces, PROJECT);
      expect(ns.metadata?.labels?.['sdn.kubesphere.io/workspace']).toBe(WS2);
    }, 30_000);
  });

  it('in strict mode keeps a tenant from writing any NetworkPolicy in a project', async () => {
    await install(VAPB, policies.strictNetworkPolicies.binding);
    await eventually(async () => {
      const err = await denial(tenant.create(CORE.networkPolicies, ownPolicy('mine-strict')));
      expect(err.message).toContain('strict mode');
    }, 20_000, 200);
    // An admin still can.
    await admin.create(CORE.networkPolicies, ownPolicy('admin-strict'));
    await admin.delete(CORE.networkPolicies, 'admin-strict', { namespace: PROJECT });
  });
});
