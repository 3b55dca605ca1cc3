// Resilience against a hostile tenant (issue #10): `tenant-alice` holds client-certificate
// credentials with the RBAC of a KubeSphere project admin of her own project
// (test/support/chaos-tenant/ project-admin-rbac.ts), on a private apiserver with the chart's
// generated ValidatingAdmissionPolicies, the controller and the pod webhook running. She tries to
// leave her workspace, to loosen or remove the managed policies, to exceed her bandwidth (at
// creation or on a running pod), to take addresses from another tenant's pool, to read the
// QingCloud credentials and to connect herself to another tenant. After every attempt the
// NetworkPolicies in the cluster are evaluated and compared with the oracle (docs/connectivity.md):
// nothing she did may change who reaches whom, beyond her own policy widening her own project
// (which §4 accepts). A cross-tenant connection appears only when a platform admin creates one.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { KubeApiError } from '../../src/kube/api-error.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import type { ConnectionModel, ConnectivityInput } from '../../src/policy/index.js';
import { installGeneratedAdmission } from '../support/chaos-tenant/admission-install.js';
import { expectAccepted, expectRejected, runAttempts, type AttemptOutcome, type AttemptRow } from '../support/chaos-tenant/attempts.js';
import { diffAgainstOracle, type Cell } from '../support/chaos-tenant/oracle-diff.js';
import { CLUSTER_ROLE_BINDINGS, grantProjectAdmin } from '../support/chaos-tenant/project-admin-rbac.js';
import { CONTROLLER_NAMESPACE, startPrivateEnv, VPC_POOL, type PrivateEnv } from '../support/chaos-tenant/private-env.js';
import { createNamespace, createWorkspace, SYSTEM_NAMESPACES } from '../support/core-env.js';
import { recordCompatTable, serverVersion } from '../support/compat-table.js';
import { eventually } from '../support/eventually.js';

const ALICE = 'tenant-alice';
const HOME = 'alice-web';
const PLATFORM_ADMINS = 'tnc:platform-admins';
const MANAGED_POLICY = 'tenant-network-isolation';
const CREDENTIALS = 'qingcloud-credentials';
const SECRET_KEY = 'hostile-test-secret-access-key-0123456789';
const PORTS = [80, 5432];
const K8S_IN = 'kubernetes.io/ingress-bandwidth';
const K8S_OUT = 'kubernetes.io/egress-bandwidth';
const CALICO_IN = 'qos.projectcalico.org/ingressBandwidth';
const CALICO_OUT = 'qos.projectcalico.org/egressBandwidth';
const CALICO_POOLS = 'cni.projectcalico.org/ipv4pools';
const VAP_LABELS = 'only tenant-network-controller and admins may set, change or remove the namespace label(s)';
const VAP_POLICIES = 'managed by tenant-network-controller';
const VAP_POD_STAMPS = 'only tenant-network-controller and admins may add, change or remove these pod labels/annotations after the pod is created';
const VAP_POD_IPAM = "pods in a project take their address from the project's own pool";

const TOPOLOGY = {
  'ws-alice': ['alice-web', 'alice-db'],
  'ws-bob': ['bob-api', 'bob-db'],
} as const;
const UNMANAGED = 'plain';
const NAMES = [...Object.values(TOPOLOGY).flat(), UNMANAGED, 'kube-system'];

function oracleInput(connections: readonly ConnectionModel[]): ConnectivityInput {
  return {
    workspaces: Object.keys(TOPOLOGY).map((name) => ({ name, intraWorkspace: 'Allow' as const })),
    projects: Object.entries(TOPOLOGY).flatMap(([workspace, projects]) => projects.map((name) => ({ name, workspace, isolated: false, uid: '' }))),
    connections,
    config: { systemNamespaces: SYSTEM_NAMESPACES, allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: [VPC_POOL] },
  };
}

/** docs/connectivity.md: a tenant's own policy may widen what reaches or leaves her own project from non-projects. */
const ownWidening = (cell: Cell): boolean => cell.actual && !cell.expected
  && ((cell.to === HOME && cell.from === UNMANAGED) || (cell.from === HOME && cell.to === UNMANAGED));

type Pod = KubeObject & { spec?: Record<string, unknown> };
const pod = (name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}, namespace = HOME): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, annotations, labels }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
});
const policy = (name: string, namespace: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = { podSelector: {}, policyTypes: ['Ingress'] }): KubeObject => (
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace, labels }, spec } as KubeObject
);

describe('resilience: hostile tenant', () => {
  let env: PrivateEnv;
  let version = '';
  let alice: KubeClient;
  let platformAdmin: KubeClient;
  let attempts = 0;
  let oracleChecks = 0;
  let cellsChecked = 0;
  const violations: string[] = [];
  const knownGaps: string[] = [];
  let connections: ConnectionModel[] = [];

  const checkOracle = async (): Promise<void> => {
    // Policies follow admin changes within a moment; a hostile attempt must change nothing at all.
    const diff = await diffAgainstOracle(env.admin, oracleInput(connections), NAMES, PORTS, ownWidening);
    oracleChecks += 1;
    cellsChecked += diff.cells;
    if (diff.mismatches.length > 0) throw new Error(`reachability differs from the oracle: ${diff.mismatches.join('; ')}`);
  };
  const table = new Map<string, AttemptOutcome>();
  const record = (report: { tried: number; outcomes: ReadonlyMap<string, AttemptOutcome>; violations: readonly string[] }): void => {
    for (const [name, outcome] of report.outcomes) table.set(name, outcome);
    attempts += report.tried;
    violations.push(...report.violations);
  };

  beforeAll(async () => {
    env = await startPrivateEnv({ webhook: true, adminGroups: ['system:masters', PLATFORM_ADMINS] });
    version = await serverVersion(env.admin);
    const { admin } = env;
    await installGeneratedAdmission(admin, { adminGroups: ['system:masters', PLATFORM_ADMINS], strict: false });
    await admin.create(CORE.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: CREDENTIALS, namespace: CONTROLLER_NAMESPACE }, stringData: { qy_access_key_id: 'QYACCESSKEYID', qy_secret_access_key: SECRET_KEY } } as KubeObject);
    for (const [ws, projects] of Object.entries(TOPOLOGY)) {
      await createWorkspace(admin, ws);
      for (const p of projects) await createNamespace(admin, p, ws);
    }
    await createNamespace(admin, UNMANAGED);
    await eventually(() => admin.mergePatch(WORKSPACE_NETWORKS, 'ws-alice', { spec: { bandwidth: { ingress: '10M', egress: '5M' } } }), 20_000);
    await eventually(async () => {
      for (const p of Object.values(TOPOLOGY).flat()) {
        const pjn = await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, p);
        expect({ p, phase: pjn.status?.phase }).toEqual({ p, phase: 'Ready' });
        await admin.get(CORE.networkPolicies, MANAGED_POLICY, p);
      }
      // The webhook answers from the caches: wait until they hold the limit.
      expect(env.app.caches.workspaceNetworks.get('ws-alice')?.spec.bandwidth?.ingress).toBe('10M');
      await checkOracle();
    }, 60_000, 250);

    await grantProjectAdmin(admin, ALICE, HOME);
    // KubeSphere's platform-admin role is cluster-admin in Kubernetes terms.
    await admin.create(CLUSTER_ROLE_BINDINGS, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'platform-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: PLATFORM_ADMINS }],
    } as KubeObject);
    alice = await KubeClient.fromKubeConfig(await env.plane.access.userKubeConfig(ALICE, ['kubesphere:users']));
    platformAdmin = await KubeClient.fromKubeConfig(await env.plane.access.userKubeConfig('platform-admin', [PLATFORM_ADMINS]));
    // RBAC and policies load asynchronously: wait until alice may write her own things but not labels.
    let probe = 0;
    await eventually(async () => {
      await alice.mergePatch(CORE.namespaces, HOME, { metadata: { labels: { team: `t${probe}` } } });
      const denied = await alice.mergePatch(CORE.namespaces, HOME, { metadata: { labels: { 'sdn.kubesphere.io/probe': `p${probe++}` } } }).then(() => false, (err: unknown) => err instanceof KubeApiError && err.status === 403);
      expect(denied).toBe(true);
    }, 30_000, 200);
    // ... and until the pod policy guards what the webhook stamped.
    await alice.create(CORE.pods, pod('probe'));
    await eventually(async () => {
      const denied = await alice.mergePatch(CORE.pods, 'probe', { metadata: { annotations: { [CALICO_IN]: `${++probe}M` } } }, { namespace: HOME }).then(() => false, (err: unknown) => err instanceof KubeApiError && err.status === 403);
      expect(denied).toBe(true);
    }, 30_000, 200);
    await admin.delete(CORE.pods, 'probe', { namespace: HOME });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([alice.close(), platformAdmin.close()]);
    await env.stop();
  }, 60_000);

  it('cannot leave her workspace or touch the protected namespace labels', async () => {
    const labels = (name: string, patch: Record<string, string | null>): AttemptRow => ({
      name,
      attempt: () => alice.mergePatch(CORE.namespaces, HOME, { metadata: { labels: patch } }),
      verify: (o) => { expectRejected(o, 403, VAP_LABELS); },
    });
    const report = await runAttempts([
      labels('move her namespace into ws-bob', { 'kubesphere.io/workspace': 'ws-bob' }),
      labels('remove the workspace label', { 'kubesphere.io/workspace': null }),
      labels('rewrite the controller label', { 'sdn.kubesphere.io/workspace': 'ws-bob' }),
      labels('remove the controller label', { 'sdn.kubesphere.io/workspace': null }),
      labels('add an sdn label', { 'sdn.kubesphere.io/project': 'bob-api' }),
      {
        name: 'replace all labels with a JSON patch',
        attempt: () => alice.jsonPatch(CORE.namespaces, HOME, [{ op: 'replace', path: '/metadata/labels', value: { 'kubernetes.io/metadata.name': HOME } }]),
        verify: (o) => { expectRejected(o, 403, VAP_LABELS); },
      },
      {
        // Policies select peers by this label: the apiserver itself keeps it equal to the name.
        name: 'pose as bob-api through kubernetes.io/metadata.name',
        attempt: () => alice.mergePatch(CORE.namespaces, HOME, { metadata: { labels: { 'kubernetes.io/metadata.name': 'bob-api' } } }),
        verify: async () => {
          const ns = await env.admin.get<KubeObject>(CORE.namespaces, HOME);
          expect(ns.metadata?.labels?.['kubernetes.io/metadata.name']).toBe(HOME);
        },
      },
      {
        // Calico's pool binding on a project is the controller's: the namespace rule refuses it.
        name: 'take addresses from bob\'s pool via the namespace annotation',
        attempt: () => alice.mergePatch(CORE.namespaces, HOME, { metadata: { annotations: { [CALICO_POOLS]: '["tnc-bob-api"]' } } }),
        verify: async (o) => {
          expectRejected(o, 403, CALICO_POOLS);
          const ns = await env.admin.get<KubeObject>(CORE.namespaces, HOME);
          expect(ns.metadata?.annotations?.[CALICO_POOLS]).toBe(`["tnc-${HOME}"]`);
        },
      },
      {
        name: 'relabel a namespace of another tenant',
        attempt: () => alice.mergePatch(CORE.namespaces, 'bob-api', { metadata: { labels: { 'kubesphere.io/workspace': 'ws-alice' } } }),
        verify: (o) => { expectRejected(o, 403, 'forbidden'); },
      },
      {
        name: 'create a namespace inside ws-bob',
        attempt: () => alice.create(CORE.namespaces, { metadata: { name: 'alice-sneaky', labels: { 'kubesphere.io/workspace': 'ws-bob' } } }),
        verify: (o) => { expectRejected(o, 403); },
      },
    ], async () => {
      const ns = await env.admin.get<KubeObject>(CORE.namespaces, HOME);
      expect(ns.metadata?.labels).toMatchObject({ 'kubesphere.io/workspace': 'ws-alice', 'sdn.kubesphere.io/workspace': 'ws-alice' });
      await checkOracle();
    });
    record(report);
    expect(report.violations).toEqual([]);
  });

  it('cannot edit, delete or forge the managed NetworkPolicy, and her own policy opens no other tenant', async () => {
    const report = await runAttempts([
      {
        name: 'open the managed policy to everyone',
        attempt: () => alice.mergePatch(CORE.networkPolicies, MANAGED_POLICY, { spec: { ingress: [{}], egress: [{}] } }, { namespace: HOME }),
        verify: (o) => { expectRejected(o, 403, VAP_POLICIES); },
      },
      {
        name: 'strip the managed-by label',
        attempt: () => alice.mergePatch(CORE.networkPolicies, MANAGED_POLICY, { metadata: { labels: { 'app.kubernetes.io/managed-by': null } } }, { namespace: HOME }),
        verify: (o) => { expectRejected(o, 403, VAP_POLICIES); },
      },
      {
        name: 'delete the managed policy',
        attempt: () => alice.delete(CORE.networkPolicies, MANAGED_POLICY, { namespace: HOME }),
        verify: (o) => { expectRejected(o, 403, VAP_POLICIES); },
      },
      {
        name: 'delete every policy in her namespace at once',
        attempt: () => alice.request('DELETE', `/apis/networking.k8s.io/v1/namespaces/${HOME}/networkpolicies`),
        verify: async () => {
          // Whatever the collection delete answered, the managed policy is still there.
          await env.admin.get(CORE.networkPolicies, MANAGED_POLICY, HOME);
        },
      },
      {
        name: 'forge a second managed policy',
        attempt: () => alice.create(CORE.networkPolicies, policy('forged', HOME, { 'app.kubernetes.io/managed-by': 'tenant-network-controller' }, { podSelector: {}, ingress: [{}] })),
        verify: (o) => { expectRejected(o, 403, VAP_POLICIES); },
      },
      {
        name: 'write a policy into another tenant\'s project',
        attempt: () => alice.create(CORE.networkPolicies, policy('let-alice-in', 'bob-api', {}, { podSelector: {}, ingress: [{}] })),
        verify: (o) => { expectRejected(o, 403); },
      },
      {
        name: 'write her own allow-everything policy',
        attempt: () => alice.create(CORE.networkPolicies, policy('allow-all', HOME, {}, { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] })),
        // Allowed (her project, not strict mode); the oracle check after it proves bob stays closed.
        verify: (o) => { expectAccepted(o); },
      },
    ], async () => { await checkOracle(); });
    record(report);
    expect(report.violations).toEqual([]);
    await alice.delete(CORE.networkPolicies, 'allow-all', { namespace: HOME });
  });

  it('cannot raise her bandwidth above the limit', async () => {
    const created = (name: string, annotations: Record<string, string>, labels: Record<string, string> = {}): AttemptRow => ({
      name,
      attempt: () => alice.create(CORE.pods, pod(name, annotations, labels)),
      verify: async (o) => {
        expectAccepted(o);
        const live = await env.admin.get<Pod>(CORE.pods, name, HOME);
        expect(live.metadata?.annotations).toMatchObject({ [K8S_IN]: '10M', [K8S_OUT]: '5M', [CALICO_IN]: '10M', [CALICO_OUT]: '5M' });
        expect(live.metadata?.labels).toMatchObject({ 'sdn.kubesphere.io/workspace': 'ws-alice', 'sdn.kubesphere.io/project': HOME });
      },
    });
    const report = await runAttempts([
      created('greedy-k8s', { [K8S_IN]: '10G', [K8S_OUT]: '1P' }),
      created('greedy-calico', { [CALICO_IN]: '999G', [CALICO_OUT]: '11M' }),
      created('greedy-odd-units', { [K8S_IN]: '10Gi', [K8S_OUT]: '5000000001' }),
      created('greedy-garbage', { [K8S_IN]: 'unlimited', [CALICO_OUT]: '-1' }),
      created('forged-attribution', { [K8S_IN]: '1G' }, { 'sdn.kubesphere.io/workspace': 'ws-bob', 'sdn.kubesphere.io/project': 'bob-api' }),
      {
        // Calico IPAM honours a pod's own ipv4pools annotation over its namespace's: the webhook
        // removes it, so the namespace's pool (hers) applies.
        name: 'take addresses from bob\'s pool via a pod annotation',
        attempt: () => alice.create(CORE.pods, pod('squatter', { [CALICO_POOLS]: '["tnc-bob-api"]', 'cni.projectcalico.org/ipAddrs': '["10.128.1.7"]' })),
        verify: async (o) => {
          expectAccepted(o);
          const live = await env.admin.get<Pod>(CORE.pods, 'squatter', HOME);
          expect(Object.keys(live.metadata?.annotations ?? {}).filter((key) => key.startsWith('cni.projectcalico.org/'))).toEqual([]);
        },
      },
      {
        // When the webhook is down (failurePolicy Ignore) the admission policy alone refuses it; on
        // UPDATE the webhook is never asked.
        name: 'add bob\'s pool to a running pod',
        attempt: () => alice.mergePatch(CORE.pods, 'squatter', { metadata: { annotations: { [CALICO_POOLS]: '["tnc-bob-api"]' } } }, { namespace: HOME }),
        verify: (o) => { expectRejected(o, 403, VAP_POD_IPAM, CALICO_POOLS); },
      },
      {
        name: 'raise the limit of the limit: edit the workspace network',
        attempt: () => alice.mergePatch(WORKSPACE_NETWORKS, 'ws-alice', { spec: { bandwidth: { ingress: '10G' } } }),
        verify: (o) => { expectRejected(o, 403); },
      },
      {
        name: 'set a project override',
        attempt: () => alice.mergePatch(PROJECT_NETWORKS, HOME, { spec: { bandwidth: { ingress: '10G' } } }),
        verify: (o) => { expectRejected(o, 403); },
      },
      // The webhook sees CREATE only; Calico's QoS controls follow a running pod's annotations, so
      // the admission policy guards them (and the attribution) on UPDATE.
      ...([
        ['raise the Calico annotation of a running pod', { annotations: { [CALICO_IN]: '10G' } }, CALICO_IN],
        ['raise the kubernetes.io annotation of a running pod', { annotations: { [K8S_OUT]: '1G' } }, K8S_OUT],
        ['remove the limit from a running pod', { annotations: { [CALICO_OUT]: null } }, CALICO_OUT],
        ['re-attribute a running pod to bob', { labels: { 'sdn.kubesphere.io/workspace': 'ws-bob', 'sdn.kubesphere.io/project': 'bob-api' } }, 'sdn.kubesphere.io/workspace'],
        ['change the subnet attribution of a running pod', { annotations: { 'sdn.kubesphere.io/subnet-id': 'tnc-bob-api' } }, 'sdn.kubesphere.io/subnet-id'],
      ] as const).map(([name, metadata, key]): AttemptRow => ({
        name,
        attempt: () => alice.mergePatch(CORE.pods, 'greedy-k8s', { metadata }, { namespace: HOME }),
        verify: async (o) => {
          expectRejected(o, 403, VAP_POD_STAMPS, key);
          const live = await env.admin.get<Pod>(CORE.pods, 'greedy-k8s', HOME);
          expect(live.metadata?.annotations).toMatchObject({ [K8S_IN]: '10M', [K8S_OUT]: '5M', [CALICO_IN]: '10M', [CALICO_OUT]: '5M' });
          expect(live.metadata?.labels).toMatchObject({ 'sdn.kubesphere.io/workspace': 'ws-alice', 'sdn.kubesphere.io/project': HOME });
        },
      })),
      {
        // The policy is narrow: the rest of her pod is hers to edit.
        name: 'label her running pod',
        attempt: () => alice.mergePatch(CORE.pods, 'greedy-k8s', { metadata: { labels: { tier: 'web' }, annotations: { note: 'mine' } } }, { namespace: HOME }),
        verify: (o) => { expectAccepted(o); },
      },
    ], async () => { await checkOracle(); });
    record(report);
    expect(report.violations).toEqual([]);
  });

  it('cannot read the QingCloud credentials', async () => {
    const report = await runAttempts([
      { name: 'get the credentials Secret', attempt: () => alice.get(CORE.secrets, CREDENTIALS, CONTROLLER_NAMESPACE), verify: (o) => { expectRejected(o, 403); } },
      { name: 'list Secrets in the controller namespace', attempt: () => alice.list(CORE.secrets, { namespace: CONTROLLER_NAMESPACE }), verify: (o) => { expectRejected(o, 403); } },
      { name: 'list Secrets cluster-wide', attempt: () => alice.list(CORE.secrets), verify: (o) => { expectRejected(o, 403); } },
      { name: 'watch Secrets in the controller namespace', attempt: () => alice.request('GET', `/api/v1/namespaces/${CONTROLLER_NAMESPACE}/secrets`, { query: { watch: 'true', timeoutSeconds: 1 } }), verify: (o) => { expectRejected(o, 403); } },
      {
        name: 'run a pod in the controller namespace that mounts the Secret',
        attempt: () => alice.create(CORE.pods, { ...pod('thief', {}, {}, CONTROLLER_NAMESPACE), spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', envFrom: [{ secretRef: { name: CREDENTIALS } }] }] } }),
        verify: (o) => { expectRejected(o, 403); },
      },
      {
        name: 'reference the Secret from a pod in her own namespace',
        // Allowed to create (a pod names a Secret by name only, in its own namespace): there it does not exist.
        attempt: () => alice.create(CORE.pods, { ...pod('borrower'), spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', envFrom: [{ secretRef: { name: CREDENTIALS } }] }] } }),
        verify: async (o) => {
          expectAccepted(o);
          await expect(alice.get(CORE.secrets, CREDENTIALS, HOME)).rejects.toThrow();
        },
      },
      {
        name: 'read the Secret through a token of a controller service account',
        attempt: () => alice.request('POST', `/api/v1/namespaces/${CONTROLLER_NAMESPACE}/serviceaccounts/tenant-network-controller/token`, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [] } } }),
        verify: (o) => { expectRejected(o, 403); },
      },
    ], async () => { await checkOracle(); });
    record(report);
    expect(report.violations).toEqual([]);
  });

  it('cannot connect herself to another tenant; a connection exists only when an admin creates it', async () => {
    const connection = { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: 'alice-to-bob' }, spec: { from: { project: HOME }, to: { project: 'bob-api' }, bidirectional: true } } as KubeObject;
    const report = await runAttempts([
      // ProjectConnection is cluster-scoped and created by admins (docs/api-reference.md): a project admin's
      // namespaced RBAC cannot create one.
      { name: 'create a ProjectConnection to bob', attempt: () => alice.create(PROJECT_CONNECTIONS, connection), verify: (o) => { expectRejected(o, 403); } },
      { name: 'edit her ProjectNetwork', attempt: () => alice.mergePatch(PROJECT_NETWORKS, HOME, { spec: { isolation: 'Isolated' } }), verify: (o) => { expectRejected(o, 403); } },
      { name: 'delete her ProjectNetwork', attempt: () => alice.delete(PROJECT_NETWORKS, HOME), verify: (o) => { expectRejected(o, 403); } },
      { name: 'edit another tenant\'s WorkspaceNetwork', attempt: () => alice.mergePatch(WORKSPACE_NETWORKS, 'ws-bob', { spec: { intraWorkspace: 'Deny' } }), verify: (o) => { expectRejected(o, 403); } },
    ], async () => { await checkOracle(); });
    record(report);

    // The platform admin creates it: now (and only now) alice-web <-> bob-api, in both directions.
    await platformAdmin.create(PROJECT_CONNECTIONS, connection);
    connections = [{ name: 'alice-to-bob', from: HOME, to: 'bob-api', bidirectional: true }];
    await eventually(checkOracle, 20_000, 200);
    const opened = await diffAgainstOracle(env.admin, oracleInput([]), NAMES, PORTS, ownWidening);
    expect(opened.mismatches.filter((m) => m.startsWith(`${HOME}->bob-api`) || m.startsWith(`bob-api->${HOME}`)).length).toBe(PORTS.length * 2);
    // Alice may not take it away or widen it either.
    const after = await runAttempts([
      { name: 'widen the admin\'s connection to all of ws-bob', attempt: () => alice.mergePatch(PROJECT_CONNECTIONS, 'alice-to-bob', { spec: { to: { project: 'bob-db' } } }), verify: (o) => { expectRejected(o, 403); } },
    ], async () => { await checkOracle(); });
    record(after);
    await platformAdmin.delete(PROJECT_CONNECTIONS, 'alice-to-bob');
    connections = [];
    await eventually(checkOracle, 20_000, 200);
    expect([...report.violations, ...after.violations]).toEqual([]);
  });

  it('prints the summary', () => {
    recordCompatTable('hostile-tenant', version, table);
    violations.push(...env.crashes);
    process.stderr.write(`[resilience-hostile-tenant] attempts ${attempts}, oracle checks ${oracleChecks} (${cellsChecked} cells), known gaps ${knownGaps.length}${knownGaps.length > 0 ? ` (${knownGaps.join('; ')})` : ''}, violations ${violations.length}\n`);
    expect(attempts).toBeGreaterThanOrEqual(30);
    expect(violations).toEqual([]);
  });
});
