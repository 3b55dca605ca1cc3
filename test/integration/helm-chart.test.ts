// The chart's life on a real apiserver: `helm install` creates everything and the CRDs are
// established, `helm upgrade` with a changed value rolls the config, `helm uninstall` removes the
// release but leaves the CRDs and the tenants' objects, as Helm does for crds/ (and the chart asks
// for the optional Workspace CRD). No kube-controller-manager runs, so no pod starts: the objects
// are checked as the apiserver stored them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { KUBESPHERE_WORKSPACES, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { isNotFound } from '../../src/kube/api-error.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { sharedCluster } from '../harness/shared.js';
import { deleteNamespace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, type MutatingWebhookConfiguration } from '../../src/webhook/webhook-configuration.js';
import { CHART_DIR, helm, helmOk, parseManifests, SHARED_APISERVER_VALUES } from '../support/helm.js';

const OWN_CRDS = ['workspacenetworks.sdn.kubesphere.io', 'projectnetworks.sdn.kubesphere.io', 'projectconnections.sdn.kubesphere.io'];
const WORKSPACE_CRD = 'workspaces.tenant.kubesphere.io';

const APPS = { deployments: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true } } as const;
const RBAC = {
  clusterRoles: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  roles: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true },
} as const;

type Crd = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };

async function exists(client: KubeClient, type: ResourceType, name: string, namespace?: string): Promise<boolean> {
  try {
    await client.get(type, name, namespace);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

describe('the Helm chart on a real apiserver', () => {
  const cluster = sharedCluster();
  const kubeconfig = cluster.state.adminKubeconfigPath;
  const suffix = Date.now().toString(36);
  const release = `tnc-life-${suffix}`;
  const namespace = `tnc-life-${suffix}`;
  const fullname = `${release}-tenant-network-controller`;
  const tenantWorkspace = `life-${suffix}`;
  let admin: KubeClient;

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    // Other tests may have created the Workspace CRD without Helm; let this release adopt it, as an
    // admin would with a CRD that predates the chart.
    if (await exists(admin, CORE.crds, WORKSPACE_CRD)) {
      await admin.mergePatch(CORE.crds, WORKSPACE_CRD, {
        metadata: { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace } },
      });
    }
  });

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace], { kubeconfig });
    for (const type of [WORKSPACE_NETWORKS, KUBESPHERE_WORKSPACES]) await admin.delete(type, tenantWorkspace).catch(() => undefined);
    await deleteNamespace(admin, namespace).catch(() => undefined);
    await admin.close();
  });

  it('installs: every object is created, the CRDs are established, the notes say how to check', async () => {
    const out = await helmOk(['install', release, CHART_DIR, '--namespace', namespace, '--create-namespace', '--set', 'workspaceCrd.install=true', ...SHARED_APISERVER_VALUES], { kubeconfig });
    expect(out).toContain('STATUS: deployed');
    expect(out).toContain('kubectl get wsn,pjn,pjc');
    expect(out).toContain(`kubectl -n ${namespace} get lease ${fullname}`);

    const manifest = parseManifests(await helmOk(['get', 'manifest', release, '--namespace', namespace], { kubeconfig }));
    expect(manifest.map((o) => o.kind).sort()).toEqual([
      // The controller's ClusterRole and the view, edit and admin ones for people (aggregated).
      'ClusterRole', 'ClusterRole', 'ClusterRole', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'ConfigMap', 'CustomResourceDefinition', 'Deployment', 'MutatingWebhookConfiguration', 'PodDisruptionBudget',
      'Role', 'Role', 'RoleBinding', 'RoleBinding', 'Service', 'Service', 'ServiceAccount',
    ]);
    const deployment = await admin.get<KubeObject & V1Deployment>(APPS.deployments, fullname, namespace);
    expect(deployment.spec?.replicas).toBe(2);
    expect(deployment.spec?.template.spec?.containers[0]?.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(await exists(admin, RBAC.roles, `${fullname}-events`, 'default')).toBe(true);

    await eventually(async () => {
      for (const name of [...OWN_CRDS, WORKSPACE_CRD]) {
        const crd = await admin.get<Crd>(CORE.crds, name);
        expect(crd.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
      }
    });
    const workspaceCrd = await admin.get(CORE.crds, WORKSPACE_CRD);
    expect(workspaceCrd.metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');
  });

  it('upgrades with a changed value: the config file changes and the pods would roll', async () => {
    const before = await admin.get<KubeObject & V1Deployment>(APPS.deployments, fullname, namespace);
    const out = await helmOk(['upgrade', release, CHART_DIR, '--namespace', namespace, '--reuse-values', '--set', 'config.logLevel=debug', '--set', 'config.concurrency=4'], { kubeconfig });
    expect(out).toContain('REVISION: 2');
    const configMap = await admin.get<KubeObject & V1ConfigMap>(CORE.configMaps, fullname, namespace);
    expect(JSON.parse(configMap.data?.['config.json'] ?? '{}')).toMatchObject({ logLevel: 'debug', concurrency: 4, namespace });
    const after = await admin.get<KubeObject & V1Deployment>(APPS.deployments, fullname, namespace);
    const checksum = (d: V1Deployment): string | undefined => d.spec?.template.metadata?.annotations?.['checksum/config'];
    expect(checksum(after)).not.toBe(checksum(before));
    expect(after.metadata?.generation).toBeGreaterThan(before.metadata?.generation ?? 0);
    expect(await exists(admin, CORE.crds, WORKSPACE_CRD)).toBe(true);
  });

  it('keeps the caBundle the controller set across an upgrade', async () => {
    // What the controller's certificate manager does in self-signed mode.
    const caBundle = Buffer.from('-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n').toString('base64');
    await admin.jsonPatch(MUTATING_WEBHOOK_CONFIGURATIONS, fullname, [{ op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: caBundle }]);
    await helmOk(['upgrade', release, CHART_DIR, '--namespace', namespace, '--reuse-values', '--set', 'webhook.port=10443'], { kubeconfig });
    const configuration = await admin.get<MutatingWebhookConfiguration>(MUTATING_WEBHOOK_CONFIGURATIONS, fullname);
    expect((configuration.webhooks[0]?.clientConfig as { caBundle?: string }).caBundle).toBe(caBundle);
    const rendered = parseManifests(await helmOk(['get', 'manifest', release, '--namespace', namespace], { kubeconfig }));
    expect(JSON.stringify(rendered.find((o) => o.kind === 'MutatingWebhookConfiguration'))).toContain(caBundle);
  });

  it('uninstalls the release and leaves the CRDs and the tenants\' objects', async () => {
    await admin.create(KUBESPHERE_WORKSPACES, { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', metadata: { name: tenantWorkspace }, spec: { manager: 'admin' } } as KubeObject);
    await admin.create(WORKSPACE_NETWORKS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'WorkspaceNetwork', metadata: { name: tenantWorkspace }, spec: { workspace: tenantWorkspace } } as KubeObject);

    const out = await helmOk(['uninstall', release, '--namespace', namespace], { kubeconfig });
    expect(out).toContain(`release "${release}" uninstalled`);
    expect(await exists(admin, APPS.deployments, fullname, namespace)).toBe(false);
    expect(await exists(admin, RBAC.clusterRoles, fullname)).toBe(false);
    expect(await exists(admin, RBAC.roles, `${fullname}-events`, 'default')).toBe(false);
    expect(await exists(admin, MUTATING_WEBHOOK_CONFIGURATIONS, fullname)).toBe(false);

    for (const name of [...OWN_CRDS, WORKSPACE_CRD]) expect(await exists(admin, CORE.crds, name)).toBe(true);
    expect(await exists(admin, KUBESPHERE_WORKSPACES, tenantWorkspace)).toBe(true);
    expect(await exists(admin, WORKSPACE_NETWORKS, tenantWorkspace)).toBe(true);
  });
});
