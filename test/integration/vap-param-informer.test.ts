// The admission policies keep working on an apiserver whose ConfigMap parameter informer has been
// stopped. Such an apiserver stops watching a built-in paramKind for good once, for a moment, no
// binding names it (kubernetes/kubernetes#130887): one `helm uninstall` of any chart using ConfigMap
// parameters does it. A policy that read its parameters from a ConfigMap created after that denied
// everything, the controller included ("no params found"); ours carry their parameters compiled in.
// A decoy policy with ConfigMap parameters puts the shared apiserver in that state (no other test
// uses paramKind) and shows the upstream behaviour in the log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serviceAccountUser } from '../../src/admission-manifests/params.js';
import { renderAdmissionPolicies } from '../../src/admission-manifests/policies.js';
import { KubeApiError } from '../../src/kube/api-error.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { errorMessage } from '../../src/util/errors.js';
import { sharedCluster } from '../harness/shared.js';
import { VAP, VAP_BINDINGS as VAPB } from '../support/chaos-tenant/admission-install.js';
import { eventually } from '../support/eventually.js';

const id = `vpi${Date.now().toString(36).slice(-5)}`;
const TEST_LABEL = 'tnc-test/vap-param-informer';
const SYSTEM_NS = `${id}-system`;
const PROJECT = `${id}-p`;
const CLUSTER_ROLES: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false };
const CLUSTER_ROLE_BINDINGS: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false };

/** A policy on ConfigMap creation in this test's namespaces that reads a ConfigMap parameter. */
function decoy(name: string, paramName: string): [KubeObject, KubeObject] {
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name },
      spec: {
        failurePolicy: 'Fail', paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }] },
        validations: [{ expression: "has(params.data) && 'allow' in params.data && params.data['allow'] == 'yes'", message: 'decoy says no' }],
      },
    } as KubeObject,
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name },
      spec: {
        policyName: name, validationActions: ['Deny'], paramRef: { name: paramName, namespace: SYSTEM_NS, parameterNotFoundAction: 'Deny' },
        matchResources: { namespaceSelector: { matchLabels: { [TEST_LABEL]: id } } },
      },
    } as KubeObject,
  ];
}

async function outcome(write: Promise<unknown>): Promise<string> {
  return write.then(() => 'allowed', (err: unknown) => (err instanceof KubeApiError ? err.message : `error: ${errorMessage(err)}`));
}

describe('admission policies on an apiserver that stopped watching ConfigMap parameters', () => {
  let admin: KubeClient;
  let tenant: KubeClient;
  let controllerSa: KubeClient;
  const installed: [ResourceType, string][] = [];
  let probe = 0;

  async function install(type: ResourceType, object: KubeObject): Promise<void> {
    await admin.create(type, object);
    installed.push([type, object.metadata?.name ?? '']);
  }

  beforeAll(async () => {
    const cluster = sharedCluster();
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    await admin.create(CORE.namespaces, { metadata: { name: SYSTEM_NS, labels: { [TEST_LABEL]: id } } });
    await admin.create(CORE.namespaces, { metadata: { name: PROJECT, labels: { [TEST_LABEL]: id } } });
    await install(CLUSTER_ROLES, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `${id}-ns` }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'patch'] }] } as KubeObject);
    await install(CLUSTER_ROLE_BINDINGS, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `${id}-ns` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${id}-ns` },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `${id}-tenant` }, { kind: 'ServiceAccount', name: 'controller', namespace: SYSTEM_NS }],
    } as KubeObject);
    tenant = await KubeClient.fromKubeConfig(await cluster.userKubeConfig(`${id}-tenant`));
    controllerSa = await KubeClient.fromKubeConfig(await cluster.serviceAccountKubeConfig(SYSTEM_NS, 'controller'));
  }, 60_000);

  afterAll(async () => {
    for (const [type, name] of installed.reverse()) await admin.delete(type, name).catch(() => undefined);
    for (const ns of [PROJECT, SYSTEM_NS]) await admin.delete(CORE.namespaces, ns).catch(() => undefined);
    await Promise.all([admin.close(), tenant.close(), controllerSa.close()]);
  }, 60_000);

  it('still refuses tenants and admits the controller', async () => {
    // 1. A ConfigMap-parameter policy bound, working (it denies, by its parameter), then unbound for
    //    more than the apiserver's one-second policy refresh: its ConfigMap informer is stopped.
    await admin.create(CORE.configMaps, { metadata: { name: 'decoy-params', namespace: SYSTEM_NS }, data: { allow: 'no' } });
    const [policy, binding] = decoy(`${id}-decoy`, 'decoy-params');
    await admin.create(VAP, policy);
    await admin.create(VAPB, binding);
    await eventually(async () => { expect(await outcome(admin.create(CORE.configMaps, { metadata: { name: `c${probe++}`, namespace: PROJECT } }))).toContain('decoy says no'); }, 30_000, 300);
    await admin.delete(VAPB, binding.metadata?.name ?? '');
    await admin.delete(VAP, policy.metadata?.name ?? '');
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    // 2. What the upstream bug does to a ConfigMap-parameter policy installed now: "no params found"
    //    (logged, not asserted: a fixed apiserver says "decoy says no").
    await admin.create(CORE.configMaps, { metadata: { name: 'decoy-params-2', namespace: SYSTEM_NS }, data: { allow: 'no' } });
    const [policy2, binding2] = decoy(`${id}-decoy2`, 'decoy-params-2');
    await install(VAP, policy2);
    await install(VAPB, binding2);
    let decoyOutcome = 'allowed';
    await eventually(async () => {
      decoyOutcome = await outcome(admin.create(CORE.configMaps, { metadata: { name: `c${probe++}`, namespace: PROJECT } }));
      expect(decoyOutcome).not.toBe('allowed');
    }, 30_000, 300);
    process.stderr.write(`[vap-param-informer] a ConfigMap-parameter policy installed after its informer stopped: ${decoyOutcome}\n`);

    // 3. Ours, installed on that apiserver: the tenant is refused with our message, the controller is not.
    const ours = renderAdmissionPolicies({
      namePrefix: id,
      params: { controllerUsers: [serviceAccountUser(SYSTEM_NS, 'controller')] },
      extraMatchResources: { namespaceSelector: { matchLabels: { [TEST_LABEL]: id } } },
    }).namespaceLabels;
    await install(VAP, ours.policy);
    await install(VAPB, ours.binding);
    await eventually(async () => {
      expect(await outcome(tenant.mergePatch(CORE.namespaces, PROJECT, { metadata: { labels: { 'sdn.kubesphere.io/probe': `p${probe++}` } } }))).toContain('only tenant-network-controller and admins');
    }, 30_000, 300);
    expect(await outcome(controllerSa.mergePatch(CORE.namespaces, PROJECT, { metadata: { labels: { 'sdn.kubesphere.io/probe': `p${probe++}` } } }))).toBe('allowed');
  }, 90_000);
});
