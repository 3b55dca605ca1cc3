// The chart's ClusterRoles for people, on a real apiserver: users minted with groups, each group
// bound to one of <release>-view, -edit and -admin, run kubectl tenantnet (in-process, with their own
// kubeconfig). A viewer reads everything the plugin shows and is refused every write (exit 5); an
// editor also connects, isolates and sets bandwidth; an admin may also delete the networks; nobody
// but the controller writes status; a user with no role gets nothing. (Aggregation into view, edit
// and admin is kube-controller-manager's work: test/node/chart-on-node.test.ts checks it.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_GROUP_VERSION, KIND_PROJECT_NETWORK, KIND_WORKSPACE_NETWORK } from '../../src/api/constants.js';
import { PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { runCli } from '../../src/cli/run.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import type { ResourceType } from '../../src/kube/resource.js';
import { writeKubeconfig } from '../harness/cluster-access.js';
import { sharedCluster } from '../harness/shared.js';
import { createNamespace, createWorkspace, deleteNamespace } from '../support/core-env.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { CHART_DIR, helm, helmOk, SHARED_APISERVER_VALUES } from '../support/helm.js';

const CLUSTER_ROLE_BINDINGS: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false };
const ROLES = ['view', 'edit', 'admin'] as const;
type Role = (typeof ROLES)[number];

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

describe('ClusterRoles for people, with the plugin run as each of them', () => {
  const cluster = sharedCluster();
  const suffix = Date.now().toString(36);
  const release = `tnc-people-${suffix}`;
  const namespace = release;
  const fullname = `${release}-tenant-network-controller`;
  const ws = `people-${suffix}`;
  const [a, b] = [`${ws}-a`, `${ws}-b`];
  const dir = mkdtempSync(join(tmpdir(), 'tnc-people-'));
  const kubeconfigs = new Map<Role | 'nobody', string>();
  let admin: KubeClient;

  const tenantnet = async (who: Role | 'nobody', argv: readonly string[]): Promise<Outcome> => {
    let out = '';
    let err = '';
    const code = await runCli(['--kubeconfig', kubeconfigs.get(who) ?? '', '--controller-namespace', namespace, ...argv], {
      stdout: (t) => { out += t; },
      stderr: (t) => { err += t; },
      stdoutIsTty: false,
      env: {},
    });
    return { code, out, err };
  };

  /** The authorizer's answer for a user of the role's group. */
  const may = async (role: Role, verb: string, resource: string, subresource?: string): Promise<boolean> => {
    const review = await admin.request<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: `${role}-${suffix}`, groups: [`tnc-${role}-${suffix}`, 'system:authenticated'], resourceAttributes: { group: 'sdn.kubesphere.io', resource, subresource, verb } } },
    });
    return review.status?.allowed === true;
  };

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    await cluster.installCrds(ALL_CRD_FILES);
    await helmOk(['install', release, CHART_DIR, '--namespace', namespace, '--create-namespace', ...SHARED_APISERVER_VALUES], { kubeconfig: cluster.state.adminKubeconfigPath });
    // The objects the controller would make (no controller runs here: only RBAC is under test).
    await createWorkspace(admin, ws);
    await admin.create(WORKSPACE_NETWORKS, { apiVersion: API_GROUP_VERSION, kind: KIND_WORKSPACE_NETWORK, metadata: { name: ws }, spec: { workspace: ws } } as KubeObject);
    for (const p of [a, b]) {
      await createNamespace(admin, p, ws);
      await admin.create(PROJECT_NETWORKS, { apiVersion: API_GROUP_VERSION, kind: KIND_PROJECT_NETWORK, metadata: { name: p }, spec: { workspace: ws } } as KubeObject);
    }
    for (const role of ROLES) {
      await admin.create(CLUSTER_ROLE_BINDINGS, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${fullname}-${role}-people` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${fullname}-${role}` },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `tnc-${role}-${suffix}` }],
      } as KubeObject);
      const path = join(dir, role);
      writeKubeconfig(await cluster.userKubeConfig(`${role}-${suffix}`, [`tnc-${role}-${suffix}`]), path);
      kubeconfigs.set(role, path);
    }
    const nobody = join(dir, 'nobody');
    writeKubeconfig(await cluster.userKubeConfig(`nobody-${suffix}`), nobody);
    kubeconfigs.set('nobody', nobody);
    // RBAC reaches the authorizer through an informer: wait for the last binding to count.
    for (let i = 0; i < 100 && !(await may('admin', 'delete', 'projectnetworks')); i++) await new Promise((r) => setTimeout(r, 50));
  }, 90_000);

  afterAll(async () => {
    for (const role of ROLES) await admin.delete(CLUSTER_ROLE_BINDINGS, `${fullname}-${role}-people`).catch(() => undefined);
    for (const name of [`${a}.${b}`]) await admin.delete(PROJECT_CONNECTIONS, name).catch(() => undefined);
    for (const p of [a, b]) {
      await admin.delete(PROJECT_NETWORKS, p).catch(() => undefined);
      await deleteNamespace(admin, p).catch(() => undefined);
    }
    await admin.delete(WORKSPACE_NETWORKS, ws).catch(() => undefined);
    await helm(['uninstall', release, '--namespace', namespace], { kubeconfig: cluster.state.adminKubeconfigPath });
    await deleteNamespace(admin, namespace).catch(() => undefined);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('view: every read command works, every write is refused with exit code 5', async () => {
    for (const argv of [['status', ws], ['matrix', ws], ['why', a, b, 'tcp/80'], ['top', ws], ['bandwidth', ws]]) {
      const outcome = await tenantnet('view', argv);
      expect([argv.join(' '), outcome.code]).toEqual([argv.join(' '), 0]);
    }
    // Reading the controller's ConfigMap is view's business where it is bound, not this role's: the
    // plugin says it assumes the defaults.
    expect((await tenantnet('view', ['status', ws])).err).toMatch(/^note: assuming the controller's default settings .*not allowed to list ConfigMaps in namespace/);
    for (const argv of [['connect', a, b], ['isolate', a], ['workspace', ws, '--intra', 'deny'], ['bandwidth', 'set', `workspace/${ws}`, '--ingress', '10M']]) {
      const outcome = await tenantnet('view', argv);
      expect([argv.join(' '), outcome.code, outcome.err]).toEqual([argv.join(' '), 5, expect.stringMatching(/^error: forbidden: .* cannot (patch|update) resource/m)]);
    }
  });

  it('edit: also connects, isolates, switches the workspace and sets bandwidth', async () => {
    expect((await tenantnet('edit', ['connect', a, b, '--dry-run=server'])).code).toBe(0);
    expect(await tenantnet('edit', ['connect', a, b])).toMatchObject({ code: 0, out: `projectconnection/${a}.${b} created: ${a} <-> ${b}, all ports\n` });
    expect((await tenantnet('edit', ['isolate', a])).code).toBe(0);
    expect((await tenantnet('edit', ['workspace', ws, '--intra', 'deny'])).code).toBe(0);
    expect((await tenantnet('edit', ['bandwidth', 'set', `project/${b}`, '--egress', '10M'])).code).toBe(0);
    expect((await tenantnet('edit', ['disconnect', a, b])).code).toBe(0);
    expect((await admin.get<KubeObject & { spec: { isolation?: string } }>(PROJECT_NETWORKS, a)).spec.isolation).toBe('Isolated');
  });

  it('grants view < edit < admin, and the status to nobody but the controller', async () => {
    const table: [string, string, string | undefined, Record<Role, boolean>][] = [
      ['list', 'projectnetworks', undefined, { view: true, edit: true, admin: true }],
      ['watch', 'workspacenetworks', undefined, { view: true, edit: true, admin: true }],
      ['create', 'projectconnections', undefined, { view: false, edit: true, admin: true }],
      ['patch', 'workspacenetworks', undefined, { view: false, edit: true, admin: true }],
      ['delete', 'projectconnections', undefined, { view: false, edit: true, admin: true }],
      ['create', 'workspacenetworks', undefined, { view: false, edit: false, admin: true }],
      ['delete', 'projectnetworks', undefined, { view: false, edit: false, admin: true }],
      ['deletecollection', 'projectconnections', undefined, { view: false, edit: false, admin: true }],
      ['patch', 'projectnetworks', 'status', { view: false, edit: false, admin: false }],
      ['update', 'workspacenetworks', 'status', { view: false, edit: false, admin: false }],
    ];
    for (const [verb, resource, subresource, expected] of table) {
      const actual = { view: await may('view', verb, resource, subresource), edit: await may('edit', verb, resource, subresource), admin: await may('admin', verb, resource, subresource) };
      expect([verb, resource, subresource, actual]).toEqual([verb, resource, subresource, expected]);
    }
  });

  it('a user with none of the roles is refused (exit code 5)', async () => {
    const outcome = await tenantnet('nobody', ['status']);
    expect(outcome.code).toBe(5);
    expect(outcome.err).toMatch(/error: forbidden: /);
  });
});
