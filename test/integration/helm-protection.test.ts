// The chart's protection on a real apiserver of whichever version the run uses (TNC_K8S_VERSION,
// docs/compatibility.md): `helm install` with the defaults on a private apiserver asks the cluster
// what it serves and installs the v1 admission policies (≥1.30) or the controller's validating
// webhook (1.27); either way a non-admin's attempt to move a namespace into a workspace is refused
// — by the policy, or, with no controller running to answer (no pods start here), by the webhook
// failing closed (its calls go to a closed loopback port: no controller runs).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { VALIDATING_WEBHOOK_CONFIGURATIONS } from '../../src/webhook/protection-webhook-configuration.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import { outcomeOf } from '../support/chaos-tenant/attempts.js';
import { serverVersion } from '../support/compat-table.js';
import { eventually } from '../support/eventually.js';
import { CHART_DIR, helmOk } from '../support/helm.js';

const VAP: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', namespaced: false };
const RELEASE = 'tnc';
const NAMESPACE = 'tenant-network-system';

describe('the chart\'s protection, as the cluster allows', () => {
  let plane: LocalControlPlane;
  let admin: KubeClient;
  let tenant: KubeClient;
  let minor = 0;

  beforeAll(async () => {
    plane = await LocalControlPlane.start();
    admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
    minor = Number(/^v1\.(\d+)\./.exec(await serverVersion(admin))?.[1] ?? 0);
    for (const name of ['tenant-home', 'probe']) await admin.create(CORE.namespaces, { metadata: { name } });
    // A tenant who may edit namespaces (as a project admin may edit her own) but is no admin.
    await admin.create({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'edit-namespaces' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'patch'] }] } as KubeObject);
    await admin.create({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false }, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'edit-namespaces' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit-namespaces' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }],
    } as KubeObject);
    tenant = await KubeClient.fromKubeConfig(await plane.access.userKubeConfig('alice'));
    await helmOk(['install', RELEASE, CHART_DIR, '--namespace', NAMESPACE, '--create-namespace', '--set', 'workspaceCrd.install=true'], { kubeconfig: plane.kubeconfigPath });
    // No Service routes anywhere here: point the protection webhook (where installed) at a closed
    // loopback port, so the apiserver's calls fail on this machine as they would with no replica up.
    const installed = await admin.list<KubeObject & { webhooks: unknown[] }>(VALIDATING_WEBHOOK_CONFIGURATIONS);
    for (const config of installed.items) {
      await admin.jsonPatch(VALIDATING_WEBHOOK_CONFIGURATIONS, config.metadata?.name ?? '', config.webhooks.map((_, i) => ({ op: 'replace' as const, path: `/webhooks/${i}/clientConfig`, value: { url: `https://127.0.0.1:1/validate/${i}` } })));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([admin.close(), tenant.close()]);
    await plane.stop();
  }, 60_000);

  it('installs the policies where the cluster serves them, the webhook where it does not', async () => {
    const policies = (await admin.list(VAP).catch(() => ({ items: [] }))).items.map((p) => p.metadata?.name);
    const webhooks = (await admin.list(VALIDATING_WEBHOOK_CONFIGURATIONS)).items.map((w) => w.metadata?.name);
    process.stderr.write(`[helm-protection] Kubernetes 1.${minor}: ${policies.length} admission policies, validating webhook configurations ${JSON.stringify(webhooks)}\n`);
    if (minor >= 30) {
      // Namespace labels, managed policies, pod metadata, and (with the pod webhook, the default) pod bandwidth.
      expect(policies).toHaveLength(4);
      expect(webhooks).toEqual([]);
    } else {
      expect(policies).toEqual([]);
      expect(webhooks).toEqual(['tnc-tenant-network-controller-protection']);
    }
  });

  it('refuses a non-admin who moves a namespace into a workspace; the release namespace stays writable', async () => {
    // The apiserver loads new policies and webhooks asynchronously: probe a throw-away namespace
    // with a fresh value each time until the rule bites.
    let probe = 0;
    await eventually(async () => {
      const [settled] = await Promise.allSettled([tenant.mergePatch(CORE.namespaces, 'probe', { metadata: { labels: { 'sdn.kubesphere.io/probe': `p${probe++}` } } })]);
      expect(outcomeOf(settled).kind).toBe('rejected');
    }, 20_000, 200);
    const [settled] = await Promise.allSettled([tenant.mergePatch(CORE.namespaces, 'tenant-home', { metadata: { labels: { 'kubesphere.io/workspace': 'someone-else' } } })]);
    const outcome = outcomeOf(settled);
    expect(outcome.kind).toBe('rejected');
    if (outcome.kind === 'rejected') expect(outcome.message).toMatch(minor >= 30 ? /only tenant-network-controller and admins may set, change or remove the namespace label/ : /failed calling webhook "namespace-labels\.protection\.sdn\.kubesphere\.io"/);
    const ns = await admin.get<KubeObject>(CORE.namespaces, 'tenant-home');
    expect(ns.metadata?.labels?.['kubesphere.io/workspace']).toBeUndefined();
    await admin.mergePatch(CORE.namespaces, NAMESPACE, { metadata: { labels: { touched: 'yes' } } });
  });
});
