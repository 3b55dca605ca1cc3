// What the chart renders: the Deployment's shape (replicas, leader election, probes, hardening,
// config wiring), the exact RBAC rules per provider, and the optional objects. The controller's own
// code is the reference where it can be: its config parser reads the rendered config file and its
// CRD check names the CRDs the ClusterRole may read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { V1ConfigMap, V1Container, V1Deployment, V1PodDisruptionBudget, V1PolicyRule, V1Role, V1RoleBinding, V1Service } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { parseConfig } from '../../../src/cmd/config.js';
import { requiredCrds } from '../../../src/cmd/crd-check.js';
import type { KubeObject } from '../../../src/kube/kube-client.js';
import { CHART_DIR, only, renderChart } from '../../support/helm.js';

const NAMESPACE = 'tenant-network-system';
const FULLNAME = 'tnc-tenant-network-controller';
const CHART = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { version: string; appVersion: string };
const QINGCLOUD = { provider: 'qingcloud', qingcloud: { credentialsSecret: 'qingcloud-api', zone: 'pek3a' } };

function deploymentOf(objects: readonly KubeObject[]): V1Deployment {
  return only(objects, 'Deployment') as KubeObject & V1Deployment;
}

function configFileOf(objects: readonly KubeObject[]): string {
  return (only(objects, 'ConfigMap', FULLNAME) as KubeObject & V1ConfigMap).data?.['config.json'] ?? '';
}

function container(objects: readonly KubeObject[]): V1Container {
  const containers = deploymentOf(objects).spec?.template.spec?.containers ?? [];
  if (containers.length !== 1) throw new Error(`expected one container, found ${containers.length}`);
  return containers[0] as V1Container;
}

describe('the default render (Calico)', () => {
  let objects: KubeObject[];
  beforeAll(async () => {
    objects = await renderChart();
  });

  it('renders exactly these objects', () => {
    const kinds = objects.map((o) => `${o.kind ?? ''}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`).sort();
    expect(kinds).toEqual([
      `ClusterRole//${FULLNAME}`,
      `ClusterRole//${FULLNAME}-admin`,
      `ClusterRole//${FULLNAME}-edit`,
      `ClusterRole//${FULLNAME}-test`,
      `ClusterRole//${FULLNAME}-view`,
      `ClusterRoleBinding//${FULLNAME}`,
      `ClusterRoleBinding//${FULLNAME}-test`,
      `ConfigMap/${NAMESPACE}/${FULLNAME}`,
      `ConfigMap/${NAMESPACE}/${FULLNAME}-dashboard`,
      `Deployment/${NAMESPACE}/${FULLNAME}`,
      `MutatingWebhookConfiguration//${FULLNAME}`,
      `Pod/${NAMESPACE}/${FULLNAME}-test`,
      `PodDisruptionBudget/${NAMESPACE}/${FULLNAME}`,
      `Role/default/${FULLNAME}-events`,
      `Role/${NAMESPACE}/${FULLNAME}`,
      `Role/${NAMESPACE}/${FULLNAME}-test`,
      `RoleBinding/default/${FULLNAME}-events`,
      `RoleBinding/${NAMESPACE}/${FULLNAME}`,
      `RoleBinding/${NAMESPACE}/${FULLNAME}-test`,
      `Service/${NAMESPACE}/${FULLNAME}`,
      `Service/${NAMESPACE}/${FULLNAME}-webhook`,
      `ServiceAccount/${NAMESPACE}/${FULLNAME}`,
      `ServiceAccount/${NAMESPACE}/${FULLNAME}-test`,
      `ValidatingAdmissionPolicy//${FULLNAME}-managed-networkpolicies`,
      `ValidatingAdmissionPolicy//${FULLNAME}-pod-bandwidth-limit`,
      `ValidatingAdmissionPolicy//${FULLNAME}-protected-namespace-labels`,
      `ValidatingAdmissionPolicy//${FULLNAME}-protected-pod-metadata`,
      `ValidatingAdmissionPolicyBinding//${FULLNAME}-managed-networkpolicies`,
      `ValidatingAdmissionPolicyBinding//${FULLNAME}-pod-bandwidth-limit`,
      `ValidatingAdmissionPolicyBinding//${FULLNAME}-protected-namespace-labels`,
      `ValidatingAdmissionPolicyBinding//${FULLNAME}-protected-pod-metadata`,
    ]);
  });

  it('labels every object the standard way (the helm test hook under a name of its own)', () => {
    for (const o of objects) {
      const hook = o.metadata?.annotations?.['helm.sh/hook'] === 'test';
      expect(o.metadata?.labels).toMatchObject({
        'app.kubernetes.io/name': hook ? 'tenant-network-controller-test' : 'tenant-network-controller',
        'app.kubernetes.io/instance': 'tnc',
        'app.kubernetes.io/version': CHART.appVersion,
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/part-of': 'tenant-network-controller',
        'helm.sh/chart': `tenant-network-controller-${CHART.version}`,
      });
    }
  });

  it('runs two replicas that elect a leader and spread over nodes', () => {
    const deployment = deploymentOf(objects);
    expect(deployment.spec?.replicas).toBe(2);
    const config = JSON.parse(configFileOf(objects)) as { leaderElection: boolean; leaseName: string };
    expect(config.leaderElection).toBe(true);
    expect(config.leaseName).toBe(FULLNAME);
    const anti = deployment.spec?.template.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    expect(anti).toHaveLength(1);
    expect(anti[0]?.podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(anti[0]?.podAffinityTerm.labelSelector?.matchLabels).toEqual(deployment.spec?.selector.matchLabels);
  });

  it('probes /healthz and /readyz on the configured probe port, which the metrics Service exposes', () => {
    const c = container(objects);
    const config = JSON.parse(configFileOf(objects)) as { probePort: number };
    expect(config.probePort).toBe(8081);
    const port = c.ports?.find((p) => p.name === 'http');
    expect(port?.containerPort).toBe(config.probePort);
    expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    const service = only(objects, 'Service', FULLNAME) as KubeObject & V1Service;
    expect(service.spec?.ports).toEqual([{ name: 'metrics', port: 8081, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec?.selector).toEqual(deploymentOf(objects).spec?.selector.matchLabels);
  });

  it('moves the probe port with config.probePort', async () => {
    const moved = await renderChart({ values: { config: { probePort: 9440 } } });
    expect(container(moved).ports?.find((p) => p.name === 'http')?.containerPort).toBe(9440);
    expect((JSON.parse(configFileOf(moved)) as { probePort: number }).probePort).toBe(9440);
  });

  it('runs hardened: non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp', () => {
    const pod = deploymentOf(objects).spec?.template.spec;
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(objects).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container(objects).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
  });

  it('passes its identity and namespace from the downward API and runs the appVersion image', () => {
    const c = container(objects);
    expect(c.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'NODE_OPTIONS', value: '--max-old-space-size=256 --max-semi-space-size=8' },
    ]);
    expect(c.image).toBe(`docker.io/kubesphere/tenant-network-controller:${CHART.appVersion}`);
    expect(deploymentOf(objects).spec?.template.spec?.serviceAccountName).toBe(FULLNAME);
  });

  it('caps the V8 heap at half the memory limit, and leaves NODE_OPTIONS out when nodeOptions is empty', async () => {
    const c = container(objects);
    const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(c.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1]);
    const limitMiB = Number(/^(\d+)Mi$/.exec(String(c.resources?.limits?.memory))?.[1]);
    expect(heapMiB).toBe(limitMiB / 2);
    const bare = await renderChart({ values: { nodeOptions: '' } });
    expect(container(bare).env?.map((e) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE']);
  });

  it('mounts the config file it passes with --config=, and rolls the pods when it changes', async () => {
    const c = container(objects);
    const flag = c.args?.find((a) => a.startsWith('--config='));
    expect(flag).toBe('--config=/etc/tenant-network-controller/config.json');
    const mount = c.volumeMounts?.find((m) => m.name === 'config');
    expect(mount).toMatchObject({ mountPath: '/etc/tenant-network-controller', readOnly: true });
    expect(deploymentOf(objects).spec?.template.spec?.volumes?.find((v) => v.name === 'config')?.configMap?.name).toBe(FULLNAME);

    const annotation = (o: readonly KubeObject[]): string | undefined => deploymentOf(o).spec?.template.metadata?.annotations?.['checksum/config'];
    expect(annotation(objects)).toBe(createHash('sha256').update(configFileOf(objects).trimEnd()).digest('hex'));
    const changed = await renderChart({ values: { config: { logLevel: 'debug' } } });
    expect(annotation(changed)).not.toBe(annotation(objects));
  });

  it('renders a config file the controller accepts, with the release namespace and the lease the Role names', () => {
    const parsed = parseConfig(JSON.parse(configFileOf(objects)) as unknown, { POD_NAMESPACE: NAMESPACE }, ['--config=/etc/tenant-network-controller/config.json']);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.config).toMatchObject({ provider: 'calico', namespace: NAMESPACE, leaseName: FULLNAME, vpcPool: ['10.128.0.0/10'], providers: { calico: { blockSize: 28 } } });
    const role = only(objects, 'Role', FULLNAME) as KubeObject & V1Role;
    expect(role.rules?.find((r) => r.resourceNames !== undefined)?.resourceNames).toEqual([parsed.config.leaseName]);
  });

  it('keeps a PodDisruptionBudget of one pod, and none for a single replica', async () => {
    const pdb = only(objects, 'PodDisruptionBudget') as KubeObject & V1PodDisruptionBudget;
    expect(pdb.spec?.minAvailable).toBe(1);
    expect(pdb.spec?.selector?.matchLabels).toEqual(deploymentOf(objects).spec?.selector.matchLabels);
    const single = await renderChart({ values: { replicaCount: 1 } });
    expect(single.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });
});

// ---- RBAC ---------------------------------------------------------------------------------------

const CLUSTER_RULES_COMMON: V1PolicyRule[] = [
  { apiGroups: ['tenant.kubesphere.io'], resources: ['workspaces'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch', 'patch'] },
  { apiGroups: ['sdn.kubesphere.io'], resources: ['workspacenetworks', 'projectnetworks'], verbs: ['list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: ['sdn.kubesphere.io'], resources: ['projectconnections'], verbs: ['list', 'watch'] },
  { apiGroups: ['sdn.kubesphere.io'], resources: ['workspacenetworks/status', 'projectnetworks/status', 'projectconnections/status'], verbs: ['patch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['list', 'watch', 'create', 'patch', 'delete'] },
];
const CALICO_IPPOOLS_RULE: V1PolicyRule = { apiGroups: ['crd.projectcalico.org'], resources: ['ippools'], verbs: ['get', 'list', 'create', 'patch', 'delete'] };
const CALICO_IPAMBLOCKS_RULE: V1PolicyRule = { apiGroups: ['crd.projectcalico.org'], resources: ['ipamblocks'], verbs: ['list'] };
const LEASE_RULES: V1PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [FULLNAME], verbs: ['get', 'update'] },
];
const WEBHOOK_CLUSTER_RULES: V1PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], resourceNames: [FULLNAME], verbs: ['get', 'patch'] },
];
const WEBHOOK_SECRET_RULES: V1PolicyRule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
  { apiGroups: [''], resources: ['secrets'], resourceNames: [`${FULLNAME}-webhook-tls`], verbs: ['get', 'update'] },
];
const EVENT_RULES: V1PolicyRule[] = [{ apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] }];

function crdRule(provider: 'calico' | 'qingcloud'): V1PolicyRule {
  return { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], resourceNames: requiredCrds(provider), verbs: ['get'] };
}

const RBAC_CASES: readonly { provider: 'calico' | 'qingcloud'; values: unknown; cluster: V1PolicyRule[]; role: V1PolicyRule[] }[] = [
  { provider: 'calico', values: undefined, cluster: [...CLUSTER_RULES_COMMON, crdRule('calico'), CALICO_IPPOOLS_RULE, CALICO_IPAMBLOCKS_RULE, ...WEBHOOK_CLUSTER_RULES], role: [...LEASE_RULES, ...WEBHOOK_SECRET_RULES] },
  {
    provider: 'qingcloud',
    values: QINGCLOUD,
    cluster: [...CLUSTER_RULES_COMMON, crdRule('qingcloud'), { apiGroups: ['network.qingcloud.com'], resources: ['vxnetpools'], resourceNames: ['v-pool'], verbs: ['get', 'patch'] }, ...WEBHOOK_CLUSTER_RULES],
    role: [...LEASE_RULES, { apiGroups: [''], resources: ['secrets'], resourceNames: ['qingcloud-api'], verbs: ['get'] }, ...WEBHOOK_SECRET_RULES],
  },
];

describe('RBAC', () => {
  it.each(RBAC_CASES)('grants exactly the verbs the controller uses with $provider', async ({ values, cluster, role }) => {
    const objects = await renderChart({ values });
    expect((only(objects, 'ClusterRole', FULLNAME) as KubeObject & V1Role).rules).toEqual(cluster);
    expect((only(objects, 'Role', FULLNAME) as KubeObject & V1Role).rules).toEqual(role);
    const events = only(objects, 'Role', `${FULLNAME}-events`) as KubeObject & V1Role;
    expect(events.metadata?.namespace).toBe('default');
    expect(events.rules).toEqual(EVENT_RULES);
  });

  it.each(RBAC_CASES)('never grants wildcards, and one API group per rule ($provider)', async ({ values }) => {
    const objects = await renderChart({ values });
    const rules = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap((r) => (r as KubeObject & V1Role).rules ?? []);
    for (const rule of rules) {
      expect(rule.apiGroups).toHaveLength(1);
      for (const list of [rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames ?? []]) expect(list).not.toContain('*');
      expect(rule.nonResourceURLs).toBeUndefined();
    }
  });

  it.each(RBAC_CASES)('binds every role to the chart ServiceAccount in the release namespace ($provider)', async ({ provider, values }) => {
    const objects = await renderChart({ values });
    const hook = (o: KubeObject): boolean => o.metadata?.annotations?.['helm.sh/hook'] === 'test';
    const bindings = objects.filter((o) => (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') && !hook(o)) as (KubeObject & V1RoleBinding)[];
    // QingCloud adds the hostnic ConfigMap's Role in its own namespace.
    expect(bindings).toHaveLength(provider === 'qingcloud' ? 4 : 3);
    for (const binding of bindings) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: FULLNAME, namespace: NAMESPACE }]);
      const role = only(objects, binding.roleRef.kind, binding.roleRef.name);
      expect(role.metadata?.namespace).toBe(binding.metadata?.namespace);
    }
  });

  it('drops the lease rules without leader election, and all RBAC with rbac.create=false', async () => {
    const single = await renderChart({ values: { replicaCount: 1, leaderElection: { enabled: false }, webhook: { enabled: false } } });
    expect(single.filter((o) => o.kind === 'Role' && o.metadata?.name === FULLNAME)).toEqual([]);
    const none = await renderChart({ values: { rbac: { create: false } } });
    expect(none.filter((o) => /Role/.test(o.kind ?? ''))).toEqual([]);
  });
});

// ---- providers and optional objects -------------------------------------------------------------

describe('the QingCloud render', () => {
  it('names the credentials Secret in the config file and holds no credential', async () => {
    const objects = await renderChart({ values: QINGCLOUD });
    const file = configFileOf(objects);
    const parsed = parseConfig(JSON.parse(file) as unknown, { POD_NAMESPACE: NAMESPACE }, []);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.config.provider).toBe('qingcloud');
    expect(parsed.config.providers.qingcloud).toMatchObject({ credentialsSecret: 'qingcloud-api', zone: 'pek3a' });
    expect(file).not.toMatch(/"calico":|access_key|secretAccessKey/);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('tells hostnic by default: the settings in the config file, get/patch on its ConfigMap alone (create for a missing one)', async () => {
    const objects = await renderChart({ values: QINGCLOUD });
    const parsed = parseConfig(JSON.parse(configFileOf(objects)) as unknown, { POD_NAMESPACE: NAMESPACE }, []);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.config.providers.qingcloud).toMatchObject({ hostnicMode: 'vxnetpool', hostnicAutoAssign: 'off', hostnicVxNetPool: 'v-pool', hostnicConfigMap: 'kube-system/hostnic-ipam-config', hostnicBatchWindowMs: 2000 });
    const role = only(objects, 'Role', `${FULLNAME}-hostnic`) as KubeObject & V1Role;
    expect(role.metadata?.namespace).toBe('kube-system');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['hostnic-ipam-config'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    ]);
    const off = await renderChart({ values: { ...QINGCLOUD, qingcloud: { ...QINGCLOUD.qingcloud, hostnicMode: 'annotation' } } });
    expect(off.filter((o) => o.metadata?.name === `${FULLNAME}-hostnic`)).toEqual([]);
    expect(JSON.stringify((only(off, 'ClusterRole', FULLNAME) as KubeObject & V1Role).rules)).not.toContain('vxnetpools');
  });
});

describe('optional objects', () => {
  it('has no ServiceMonitor or Workspace CRD by default', async () => {
    const objects = await renderChart();
    expect(objects.filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'CustomResourceDefinition')).toEqual([]);
  });

  it('renders a ServiceMonitor for the metrics port', async () => {
    const objects = await renderChart({ values: { serviceMonitor: { enabled: true, interval: '15s', labels: { release: 'prom' } } } });
    const monitor = only(objects, 'ServiceMonitor') as KubeObject & { spec: { endpoints: unknown[]; selector: unknown } };
    expect(monitor.metadata?.labels?.release).toBe('prom');
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '15s', scrapeTimeout: '10s' }]);
    expect(monitor.spec.selector).toEqual({ matchLabels: deploymentOf(objects).spec?.selector.matchLabels });
  });

  it('installs the Workspace CRD from optional-crds/ unchanged, kept on uninstall', async () => {
    const objects = await renderChart({ values: { workspaceCrd: { install: true } } });
    const rendered = only(objects, 'CustomResourceDefinition') as KubeObject & { spec: unknown };
    const file = parse(readFileSync(join(CHART_DIR, 'optional-crds/tenant.kubesphere.io_workspaces.yaml'), 'utf8')) as KubeObject & { spec: unknown };
    expect(rendered.spec).toEqual(file.spec);
    expect(rendered.metadata?.name).toBe(file.metadata?.name);
    expect(rendered.metadata?.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
    expect(rendered.metadata?.labels?.['app.kubernetes.io/instance']).toBe('tnc');
  });
});
