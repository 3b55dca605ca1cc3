// The helm test hook's RBAC is least privilege, on a real apiserver: its ServiceAccount, Roles and
// bindings are created as the chart renders them, and `kubectl tenantnet check` runs with that
// ServiceAccount's token against an installed release with a project whose pods the webhook would
// see. With every grant the check meets no 403 (it fails where this apiserver has no pods or
// webhook backend, and says so); with any single grant taken away, some request of the check is
// refused. (The check passing for real, pods and webhook included, is test/node/chart-on-node.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API_GROUP_VERSION, KIND_PROJECT_NETWORK, LABEL_WORKSPACE } from '../../src/api/constants.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import type { CheckReport } from '../../src/cli/check/check-result.js';
import { runCli } from '../../src/cli/run.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS } from '../../src/webhook/webhook-configuration.js';
import { sharedCluster } from '../harness/shared.js';
import { createNamespace, createWorkspace, deleteNamespace } from '../support/core-env.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { CHART_DIR, helm, helmOk, KUBE_VERSION, parseManifests, SHARED_APISERVER_VALUES } from '../support/helm.js';
import { CLUSTER_ROLES, describePermission, permissionsOf, ROLES, rulesWithout, type ChartRole, type Permission, type RoleObject } from '../support/rbac-grants.js';

const BINDINGS: Record<string, ResourceType> = {
  ServiceAccount: { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  ClusterRole: CLUSTER_ROLES,
  Role: ROLES,
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true },
};

interface CheckRun {
  readonly code: number;
  readonly report: CheckReport;
  readonly forbidden: readonly string[];
}

describe('the helm test hook\'s ServiceAccount may do what kubectl tenantnet check does, and no less', () => {
  const cluster = sharedCluster();
  const kubeconfig = cluster.state.adminKubeconfigPath;
  const suffix = Date.now().toString(36);
  const release = `tnc-hook-${suffix}`;
  const namespace = release;
  const fullname = `${release}-tenant-network-controller`;
  const testAccount = `${fullname}-test`;
  const ws = `hook-${suffix}`;
  const project = `${ws}-p`;
  let admin: KubeClient;
  let hookObjects: KubeObject[] = [];
  let roles: ChartRole[] = [];

  const check = async (): Promise<CheckRun> => {
    const forbidden: string[] = [];
    let out = '';
    const code = await runCli(['check', '--controller-namespace', namespace, '-o', 'json'], { stdout: (t) => { out += t; }, stderr: () => undefined, stdoutIsTty: false, env: {} }, {
      openSession: async () => ({
        client: await KubeClient.fromKubeConfig(await cluster.serviceAccountKubeConfig(namespace, testAccount), { onRequest: (r) => { if (r.status === 403) forbidden.push(`${r.method} ${r.path}`); } }),
        source: 'hook',
      }),
    });
    return { code, report: JSON.parse(out) as CheckReport, forbidden };
  };

  const allowed = async (p: Permission): Promise<boolean> => {
    const [resource, subresource] = p.resource.split('/');
    const review = await admin.request<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: `system:serviceaccount:${namespace}:${testAccount}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'], resourceAttributes: { group: p.apiGroup, resource, subresource, verb: p.verb, name: p.resourceName, namespace: p.role.namespace ?? (p.resource === 'pods' ? project : undefined) } } },
    });
    return review.status?.allowed === true;
  };

  const settle = async (p: Permission, expected: boolean): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while ((await allowed(p)) !== expected) {
      if (Date.now() > deadline) throw new Error(`RBAC did not settle: ${describePermission(p)} allowed=${!expected}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    await cluster.installCrds(ALL_CRD_FILES);
    await helmOk(['install', release, CHART_DIR, '--namespace', namespace, '--create-namespace', ...SHARED_APISERVER_VALUES], { kubeconfig });
    // The hook's ServiceAccount and RBAC exactly as the chart renders them (helm test would create
    // them, then start the pod, which this apiserver has no node for).
    hookObjects = parseManifests(await helmOk(['template', release, CHART_DIR, '--namespace', namespace, '--kube-version', KUBE_VERSION, '--show-only', 'templates/tests/check.yaml', ...SHARED_APISERVER_VALUES]))
      .filter((o) => o.kind !== 'Pod');
    for (const o of hookObjects) await admin.create(BINDINGS[o.kind ?? ''] ?? CORE.pods, o);
    roles = hookObjects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').map((o) => ({
      type: o.kind === 'Role' ? ROLES : CLUSTER_ROLES,
      name: o.metadata?.name ?? '',
      ...(o.kind === 'Role' ? { namespace } : {}),
      rules: (o as RoleObject).rules,
    }));
    // A project the webhook selects (this file's release selects only namespaces with the test
    // label), with a Ready ProjectNetwork and the ServiceAccount pod admission looks up; a caBundle
    // where the controller, which does not run here, would have put one.
    await createWorkspace(admin, ws);
    await createNamespace(admin, project, ws);
    await admin.mergePatch(CORE.namespaces, project, { metadata: { labels: { [LABEL_WORKSPACE]: ws, 'tnc-test/never-selected': 'yes' } } });
    await admin.create(BINDINGS.ServiceAccount ?? CORE.pods, { metadata: { name: 'default', namespace: project } });
    await admin.create(PROJECT_NETWORKS, { apiVersion: API_GROUP_VERSION, kind: KIND_PROJECT_NETWORK, metadata: { name: project }, spec: { workspace: ws } } as KubeObject);
    await admin.mergePatch(PROJECT_NETWORKS, project, { status: { phase: 'Ready' } }, { subresource: 'status' });
    await admin.jsonPatch(MUTATING_WEBHOOK_CONFIGURATIONS, fullname, [{ op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: Buffer.from('not a certificate').toString('base64') }]);
  }, 90_000);

  afterAll(async () => {
    for (const o of [...hookObjects].reverse()) await admin.delete(BINDINGS[o.kind ?? ''] ?? CORE.pods, o.metadata?.name ?? '', { ...(o.metadata?.namespace === undefined ? {} : { namespace: o.metadata.namespace }) }).catch(() => undefined);
    await admin.delete(PROJECT_NETWORKS, project).catch(() => undefined);
    await deleteNamespace(admin, project).catch(() => undefined);
    await helm(['uninstall', release, '--namespace', namespace], { kubeconfig });
    await deleteNamespace(admin, namespace).catch(() => undefined);
    await admin.close();
  }, 60_000);

  it('runs every check with the hook\'s grants and meets no 403', async () => {
    const run = await check();
    expect(run.forbidden).toEqual([]);
    const by = new Map(run.report.checks.map((c) => [c.name, c]));
    expect(by.get('settings')?.status).toBe('pass');
    expect(by.get('crds')?.status).toBe('pass');
    // No pods run here: no ready replica, no /readyz, no Lease; and nothing serves the webhook.
    expect(by.get('controller')).toMatchObject({ status: 'fail', message: expect.stringContaining(`no ready replica behind Service ${namespace}/${fullname}`) });
    expect(by.get('webhook')).toMatchObject({ status: 'fail', message: expect.stringContaining(`a dry-run pod in project ${project} came back unstamped`) });
    expect(run.code).toBe(6);
  }, 60_000);

  it('is refused something when any single grant is taken away', async () => {
    const permissions = roles.flatMap(permissionsOf);
    const results: { permission: string; forbidden: readonly string[] }[] = [];
    for (const p of permissions) {
      await admin.mergePatch(p.role.type, p.role.name, { rules: rulesWithout(p) }, { ...(p.role.namespace === undefined ? {} : { namespace: p.role.namespace }) });
      await settle(p, false);
      try {
        results.push({ permission: describePermission(p), forbidden: (await check()).forbidden });
      } finally {
        await admin.mergePatch(p.role.type, p.role.name, { rules: p.role.rules }, { ...(p.role.namespace === undefined ? {} : { namespace: p.role.namespace }) });
        await settle(p, true);
      }
    }
    process.stderr.write(`[hook rbac] ${results.length} grants, each removed alone:\n${results.map((r) => `  ${r.permission}: ${r.forbidden[0] ?? 'NO 403 (unused?)'}`).join('\n')}\n`);
    expect(permissions.length).toBe(11);
    expect(results.filter((r) => r.forbidden.length === 0).map((r) => r.permission)).toEqual([]);
  }, 300_000);
});
