// What the chart renders for people and for `helm test`: the view/edit/admin ClusterRoles with their
// aggregation labels, the config ConfigMap's label and annotation the CLI finds it by, and the test
// hook (a pod running `kubectl tenantnet check` with exactly the grants the check needs, never
// selected by the controller's Services or PodDisruptionBudget).
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { V1ConfigMap, V1Pod, V1PodDisruptionBudget, V1PolicyRule, V1Role, V1Service } from '@kubernetes/client-node';
import { CONTROLLER_CONFIG_LABEL, METRICS_SERVICE_ANNOTATION } from '../../../src/cli/controller-settings.js';
import type { KubeObject } from '../../../src/kube/kube-client.js';
import { only, renderChart } from '../../support/helm.js';

const NAMESPACE = 'tenant-network-system';
const FULLNAME = 'tnc-tenant-network-controller';
const KINDS = ['workspacenetworks', 'projectnetworks', 'projectconnections'];
const READS: V1PolicyRule[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['tenant.kubesphere.io'], resources: ['workspaces'], verbs: ['get', 'list', 'watch'] },
];

const rulesOf = (objects: readonly KubeObject[], kind: string, name: string): V1PolicyRule[] => (only(objects, kind, name) as KubeObject & V1Role).rules ?? [];
const aggregation = (o: KubeObject): string[] => Object.keys(o.metadata?.labels ?? {}).filter((k) => k.startsWith('rbac.authorization.k8s.io/aggregate-to-')).sort();

describe('ClusterRoles for people', () => {
  let objects: KubeObject[];
  beforeAll(async () => {
    objects = await renderChart();
  });

  it('view reads the three kinds, namespaces and workspaces', () => {
    expect(rulesOf(objects, 'ClusterRole', `${FULLNAME}-view`)).toEqual([{ apiGroups: ['sdn.kubesphere.io'], resources: KINDS, verbs: ['get', 'list', 'watch'] }, ...READS]);
  });

  it('edit also makes the plugin\'s writes, and nothing of the status', () => {
    expect(rulesOf(objects, 'ClusterRole', `${FULLNAME}-edit`)).toEqual([
      { apiGroups: ['sdn.kubesphere.io'], resources: KINDS, verbs: ['get', 'list', 'watch'] },
      ...READS,
      { apiGroups: ['sdn.kubesphere.io'], resources: ['projectconnections'], verbs: ['create', 'update', 'patch', 'delete'] },
      { apiGroups: ['sdn.kubesphere.io'], resources: ['workspacenetworks', 'projectnetworks'], verbs: ['update', 'patch'] },
    ]);
  });

  it('admin may do everything with the three kinds but write their status', () => {
    const rules = rulesOf(objects, 'ClusterRole', `${FULLNAME}-admin`);
    expect(rules[0]).toEqual({ apiGroups: ['sdn.kubesphere.io'], resources: KINDS, verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] });
    expect(rules.flatMap((r) => r.resources ?? []).filter((r) => r.includes('/'))).toEqual([]);
  });

  it('aggregate into Kubernetes\' view, edit and admin as view < edit < admin', () => {
    expect(aggregation(only(objects, 'ClusterRole', `${FULLNAME}-view`))).toEqual(['rbac.authorization.k8s.io/aggregate-to-admin', 'rbac.authorization.k8s.io/aggregate-to-edit', 'rbac.authorization.k8s.io/aggregate-to-view']);
    expect(aggregation(only(objects, 'ClusterRole', `${FULLNAME}-edit`))).toEqual(['rbac.authorization.k8s.io/aggregate-to-admin', 'rbac.authorization.k8s.io/aggregate-to-edit']);
    expect(aggregation(only(objects, 'ClusterRole', `${FULLNAME}-admin`))).toEqual(['rbac.authorization.k8s.io/aggregate-to-admin']);
  });

  it('take extra labels, drop aggregation on request, and go with userRoles.create=false', async () => {
    const plain = await renderChart({ values: { rbac: { userRoles: { aggregate: false, extraLabels: { 'example.com/role-template': 'network' } } } } });
    const view = only(plain, 'ClusterRole', `${FULLNAME}-view`);
    expect(aggregation(view)).toEqual([]);
    expect(view.metadata?.labels?.['example.com/role-template']).toBe('network');
    const none = await renderChart({ values: { rbac: { userRoles: { create: false } } } });
    expect(none.filter((o) => /-(view|edit|admin)$/.test(o.metadata?.name ?? ''))).toEqual([]);
  });
});

describe('the config ConfigMap', () => {
  it('carries the label the CLI finds it by and names the metrics Service', async () => {
    const objects = await renderChart();
    const configMap = only(objects, 'ConfigMap', FULLNAME) as KubeObject & V1ConfigMap;
    expect(configMap.metadata?.labels?.[CONTROLLER_CONFIG_LABEL]).toBe('true');
    expect(configMap.metadata?.annotations?.[METRICS_SERVICE_ANNOTATION]).toBe(FULLNAME);
    const service = only(objects, 'Service', FULLNAME) as KubeObject & V1Service;
    expect(service.spec?.ports?.map((p) => p.name)).toEqual(['metrics']);
    // The other ConfigMaps (admission parameters, dashboard) are not the controller's config.
    expect(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata?.labels?.[CONTROLLER_CONFIG_LABEL] !== undefined).map((o) => o.metadata?.name)).toEqual([FULLNAME]);
  });
});

describe('the helm test hook', () => {
  const TEST = `${FULLNAME}-test`;
  let objects: KubeObject[];
  beforeAll(async () => {
    objects = await renderChart();
  });

  it('runs kubectl tenantnet check from the controller image against the release namespace', () => {
    const pod = only(objects, 'Pod', TEST) as KubeObject & V1Pod;
    const deployment = only(objects, 'Deployment', FULLNAME) as KubeObject & { spec: { template: { spec: { containers: { image: string }[] } } } };
    const container = pod.spec?.containers[0];
    expect(container?.image).toBe(deployment.spec.template.spec.containers[0]?.image);
    expect([...(container?.command ?? []), ...(container?.args ?? [])]).toEqual(['/usr/bin/tini', '--', 'node', '/app/dist/cli/main.js', 'check', '--controller-namespace', NAMESPACE]);
    expect(pod.spec?.restartPolicy).toBe('Never');
    expect(pod.spec?.serviceAccountName).toBe(TEST);
    expect(container?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true });
  });

  it('is a test hook, ServiceAccount and RBAC first, all removed after a passing run', () => {
    const hooks = objects.filter((o) => o.metadata?.annotations?.['helm.sh/hook'] === 'test');
    expect(hooks.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Pod', 'Role', 'RoleBinding', 'ServiceAccount']);
    for (const o of hooks) {
      expect(o.metadata?.annotations?.['helm.sh/hook-delete-policy']).toBe('before-hook-creation,hook-succeeded');
      expect(o.metadata?.annotations?.['helm.sh/hook-weight'] ?? '0').toBe(o.kind === 'Pod' ? '0' : '-5');
    }
  });

  it('is never selected by the controller\'s Services or PodDisruptionBudget', () => {
    const labels = only(objects, 'Pod', TEST).metadata?.labels ?? {};
    const selects = (selector: Record<string, string> | undefined): boolean => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
    for (const service of objects.filter((o) => o.kind === 'Service') as (KubeObject & V1Service)[]) expect([service.metadata?.name, selects(service.spec?.selector)]).toEqual([service.metadata?.name, false]);
    expect(selects((only(objects, 'PodDisruptionBudget') as KubeObject & V1PodDisruptionBudget).spec?.selector?.matchLabels)).toBe(false);
  });

  it('grants exactly what the check does', () => {
    expect(rulesOf(objects, 'ClusterRole', TEST)).toEqual([
      { apiGroups: ['sdn.kubesphere.io'], resources: KINDS, verbs: ['list'] },
      { apiGroups: ['tenant.kubesphere.io'], resources: ['workspaces'], verbs: ['list'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], resourceNames: [FULLNAME], verbs: ['get'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['create'] },
    ]);
    expect(rulesOf(objects, 'Role', TEST)).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['list'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list'] },
      { apiGroups: [''], resources: ['services/proxy'], resourceNames: [`${FULLNAME}:metrics`], verbs: ['get'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [FULLNAME], verbs: ['get'] },
    ]);
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      expect((only(objects, kind, TEST) as KubeObject & { subjects: unknown[] }).subjects).toEqual([{ kind: 'ServiceAccount', name: TEST, namespace: NAMESPACE }]);
    }
  });

  it('drops the webhook grants with the webhook, the Lease grant without leader election, and everything with test.enabled=false', async () => {
    const bare = await renderChart({ values: { webhook: { enabled: false }, replicaCount: 1, leaderElection: { enabled: false } } });
    expect(rulesOf(bare, 'ClusterRole', TEST).map((r) => r.resources?.[0])).toEqual(['workspacenetworks', 'workspaces']);
    expect(rulesOf(bare, 'Role', TEST).map((r) => r.resources?.[0])).toEqual(['configmaps', 'endpointslices', 'services/proxy']);
    const off = await renderChart({ values: { test: { enabled: false } } });
    expect(off.filter((o) => o.metadata?.annotations?.['helm.sh/hook'] !== undefined)).toEqual([]);
  });
});
