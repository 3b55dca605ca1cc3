// RBAC least privilege, proven on a real apiserver. The chart is installed; the controller runs
// in-process (there is no kube-controller-manager, so the Deployment's pods never start) exactly as
// src/cmd/main.ts builds it from the chart's rendered config file, authenticated with a token
// minted for the chart's ServiceAccount. The core scenario (workspace → VPC, projects → subnets and
// policies, a connection, Events, the webhook's certificate Secret and caBundle, a certificate
// renewal, a bandwidth-change Event, clean deletion, leader election) completes with no 403. Then
// every single permission the chart grants (one verb on one resource, or one resource name) is
// removed in turn: the same scenario on fresh names must hit a 403 each time, so no verb is unused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { CALICO_IPPOOLS, KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { appOptionsFrom } from '../../src/cmd/app-options.js';
import { parseConfig, type ControllerConfigFile } from '../../src/cmd/config.js';
import { missingCrds } from '../../src/cmd/crd-check.js';
import { createProvider } from '../../src/cmd/provider-factory.js';
import type { QingCloudConfig } from '../../src/providers/qingcloud/config.js';
import { loadQingCloudConnection } from '../../src/providers/qingcloud/connection.js';
import { createApp, type App } from '../../src/controller/app.js';
import { isNotFound, KubeApiError } from '../../src/kube/api-error.js';
import { EventRecorder } from '../../src/kube/events.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { poolName } from '../../src/providers/calico/naming.js';
import { createLogger } from '../../src/util/logger.js';
import { sharedCluster } from '../harness/shared.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { createNamespace, createWorkspace, deleteNamespace } from '../support/core-env.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, type MutatingWebhookConfiguration } from '../../src/webhook/webhook-configuration.js';
import { CHART_DIR, helm, helmOk, SHARED_APISERVER_VALUES } from '../support/helm.js';
import { CLUSTER_ROLES, describePermission, permissionsOf, RBAC_GROUP, ROLES, rulesWithout, type ChartRole, type Permission, type RoleObject, type Rule } from '../support/rbac-grants.js';


// ---- the scenario -------------------------------------------------------------------------------

class Forbidden extends Error {}

interface ScenarioResult {
  readonly completed: boolean;
  readonly failedStep?: string;
  readonly error?: string;
  readonly forbidden: readonly string[];
  readonly durationMs: number;
}

type Conditioned = KubeObject & { status?: { phase?: string; conditions?: { type: string; status: string; reason: string }[] } };
type EventObject = KubeObject & { reason?: string; regarding?: { name?: string }; series?: { count?: number } };

function readyOf(o: Conditioned): { status: string; reason: string } | undefined {
  return o.status?.conditions?.find((c) => c.type === 'Ready');
}

async function gone(client: KubeClient, type: ResourceType, name: string, namespace?: string): Promise<boolean> {
  try {
    await client.get(type, name, namespace);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

const ignore = (): undefined => undefined;

interface Env {
  readonly admin: KubeClient;
  readonly serviceAccount: KubeConfig;
  readonly config: ControllerConfigFile;
}

/** Everything a run may have left behind, removed as admin (finalizers included). */
async function cleanup(env: Env, tag: string): Promise<void> {
  const { admin } = env;
  const projects = [`${tag}-a`, `${tag}-b`];
  await admin.delete(PROJECT_CONNECTIONS, `${tag}-ab`).catch(ignore);
  await admin.delete(KUBESPHERE_WORKSPACES, tag).catch(ignore);
  for (const [type, name] of [[WORKSPACE_NETWORKS, tag], ...projects.map((p) => [PROJECT_NETWORKS, p] as const)] as const) {
    await admin.mergePatch(type, name, { metadata: { finalizers: null } }).catch(ignore);
    await admin.delete(type, name).catch(ignore);
  }
  for (const project of projects) {
    await admin.delete(CALICO_IPPOOLS, poolName(project)).catch(ignore);
    const policies = await admin.list<KubeObject>(CORE.networkPolicies, { namespace: project }).catch(() => ({ items: [] }));
    for (const policy of policies.items) await admin.delete(CORE.networkPolicies, policy.metadata?.name ?? '', { namespace: project }).catch(ignore);
    await deleteNamespace(admin, project).catch(ignore);
  }
  // A fresh run must create the Lease and the webhook Secret again, so `create` is exercised every time.
  await admin.delete(CORE.leases, env.config.leaseName, { namespace: env.config.namespace }).catch(ignore);
  await admin.delete(CORE.secrets, env.config.webhook.secretName, { namespace: env.config.namespace }).catch(ignore);
}

/**
 * The core scenario with the ServiceAccount's token. Stops at the first 403 the controller gets
 * (or when a step does not finish within stepTimeoutMs).
 */
async function runScenario(env: Env, tag: string, stepTimeoutMs: number): Promise<ScenarioResult> {
  const { admin, config } = env;
  const started = Date.now();
  const forbidden: string[] = [];
  const logs: string[] = [];
  const client = await KubeClient.fromKubeConfig(env.serviceAccount, {
    onRequest: (r) => { if (r.status === 403) forbidden.push(`${r.method} ${r.path}`); },
  });
  const log = createLogger({ level: 'warn', destination: { write: (line: string) => { logs.push(line); } } });
  const [a, b, connection] = [`${tag}-a`, `${tag}-b`, `${tag}-ab`];
  let app: App | undefined;
  let step = '';

  const until = async <T>(check: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      if (forbidden.length > 0) throw new Forbidden(forbidden[0]);
      try {
        return await check();
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const expectThat = (condition: boolean, what: string): void => {
    if (!condition) throw new Error(`not yet: ${what}`);
  };
  const readyPjn = (name: string): Promise<void> => until(async () => {
    const pjn = await admin.get<Conditioned>(PROJECT_NETWORKS, name);
    expectThat(pjn.status?.phase === 'Ready', `${name} Ready`);
    const policies = await admin.list(CORE.networkPolicies, { namespace: name, labelSelector: 'app.kubernetes.io/managed-by=tenant-network-controller' });
    expectThat(policies.items.length > 0, `${name} has its isolation policy`);
    const ns = await admin.get(CORE.namespaces, name);
    expectThat(ns.metadata?.labels?.['sdn.kubesphere.io/workspace'] === tag, `${name} carries the workspace label`);
    await admin.get(CALICO_IPPOOLS, poolName(name));
  });

  try {
    step = 'check the CRDs at start-up';
    const missing = await missingCrds(client, config.provider);
    expectThat(missing.length === 0, `CRDs installed (missing ${missing.join(', ')})`);

    step = 'start and lead';
    const provider = await createProvider(config, client, log);
    const options = appOptionsFrom(config, { client, provider, log, instance: 'rbac-proof' });
    const webhook = options.webhook;
    if (webhook === undefined) throw new Error('the chart did not enable the webhook');
    app = createApp({
      ...options,
      // main.ts's election on the chart's Lease, with short periods so renewals happen in the run.
      leaderElection: { namespace: config.namespace, name: config.leaseName, leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 200 },
      probePort: 0,
      probeHost: '127.0.0.1',
      // A free port on loopback; the Secret is re-read often so a renewal shows within the run.
      webhook: { ...webhook, port: 0, host: '127.0.0.1', certificates: { ...webhook.certificates, checkIntervalMs: 200 } },
    });
    await app.start();
    const running = app;
    await until(() => {
      expectThat(running.manager.isLeader, 'leader');
      return Promise.resolve();
    });

    step = 'the webhook creates its certificate Secret, sets the caBundle and serves';
    const secretOf = (): Promise<KubeObject & { data?: Record<string, string> }> => admin.get(CORE.secrets, config.webhook.secretName, config.namespace);
    await until(async () => {
      expectThat(running.admission?.readiness() === undefined, `webhook ready (${running.admission?.readiness() ?? ''})`);
      const bundle = (await secretOf()).data?.['ca-bundle.crt'];
      const configuration = await admin.get<MutatingWebhookConfiguration>(MUTATING_WEBHOOK_CONFIGURATIONS, config.webhook.configurationName);
      expectThat(bundle !== undefined && (configuration.webhooks[0]?.clientConfig as { caBundle?: string }).caBundle === bundle, 'caBundle set');
    });

    step = 'a serving certificate for the wrong names is renewed in the Secret';
    // The CA's certificate names no Service: the controller must issue and write a new one.
    const caCert = (await secretOf()).data?.['ca.crt'];
    await admin.mergePatch(CORE.secrets, config.webhook.secretName, { data: { 'tls.crt': caCert } }, { namespace: config.namespace });
    await until(async () => { expectThat((await secretOf()).data?.['tls.crt'] !== caCert, 'tls.crt renewed'); });

    step = 'workspace → WorkspaceNetwork Ready';
    await createWorkspace(admin, tag);
    await until(async () => { expectThat((await admin.get<Conditioned>(WORKSPACE_NETWORKS, tag)).status?.phase === 'Ready', 'WorkspaceNetwork Ready'); });

    step = 'a connection to a project not there yet → Ready=False and a Warning Event';
    await admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: connection }, spec: { from: { project: a }, to: { project: b } } } as KubeObject);
    await until(async () => { expectThat(readyOf(await admin.get<Conditioned>(PROJECT_CONNECTIONS, connection))?.reason === 'ProjectNotFound', 'connection reports the missing project'); });

    step = 'projects → ProjectNetworks Ready with IPPools, namespace labels and policies';
    await createNamespace(admin, a, tag);
    await createNamespace(admin, b, tag);
    await readyPjn(a);
    await readyPjn(b);

    step = 'the connection becomes Ready';
    await until(async () => { expectThat(readyOf(await admin.get<Conditioned>(PROJECT_CONNECTIONS, connection))?.status === 'True', 'connection Ready'); });

    step = 'a bandwidth change is announced with the count of pods keeping the old limit';
    await admin.mergePatch(WORKSPACE_NETWORKS, tag, { spec: { bandwidth: { ingress: '100M' } } });
    await until(async () => {
      const events = await admin.list<EventObject>(CORE.events, { namespace: 'default' });
      expectThat(events.items.some((e) => e.reason === 'BandwidthChanged' && e.regarding?.name === a), 'BandwidthChanged Event');
    });

    step = 'a repeated Event updates its series';
    // The app's recorder updates a series at most once a minute; the same recorder class with the
    // interval at 0 shows the patch within the run.
    const recorder = new EventRecorder({ client, controller: 'sdn.kubesphere.io/tenant-network-controller', instance: 'rbac-proof', seriesUpdateIntervalMs: 0 });
    const regarding = { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', object: await admin.get(PROJECT_CONNECTIONS, connection) };
    for (let i = 0; i < 2; i++) {
      recorder.record(regarding, 'Normal', 'RBACProofRepeated', 'Check', 'the same note twice');
      await recorder.flush();
    }
    await until(async () => {
      const events = await admin.list<EventObject>(CORE.events, { namespace: 'default' });
      const event = events.items.find((e) => e.reason === 'RBACProofRepeated' && e.regarding?.name === connection);
      expectThat(event?.series?.count === 2, 'Event series count 2');
    });

    step = 'deleting the workspace removes its networks, pools, policies and namespace marks';
    await admin.delete(KUBESPHERE_WORKSPACES, tag);
    await until(async () => {
      expectThat(await gone(admin, WORKSPACE_NETWORKS, tag), 'WorkspaceNetwork gone');
      for (const p of [a, b]) {
        expectThat(await gone(admin, PROJECT_NETWORKS, p), `${p} ProjectNetwork gone`);
        expectThat(await gone(admin, CALICO_IPPOOLS, poolName(p)), `${p} IPPool gone`);
        expectThat((await admin.list(CORE.networkPolicies, { namespace: p })).items.length === 0, `${p} policies gone`);
        expectThat((await admin.get(CORE.namespaces, p)).metadata?.labels?.['sdn.kubesphere.io/workspace'] === undefined, `${p} label removed`);
      }
    });

    step = 'a clean stop releases the Lease';
    const stopping = app;
    app = undefined;
    await stopping.stop();
    await until(async () => {
      const lease = await admin.get<KubeObject & { spec?: { holderIdentity?: string } }>(CORE.leases, config.leaseName, config.namespace);
      expectThat(lease.spec?.holderIdentity === '', 'Lease released');
    });
    if (forbidden.length > 0) throw new Forbidden(forbidden[0]);
    return { completed: true, forbidden, durationMs: Date.now() - started };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { completed: false, failedStep: step, error: `${reason}${logs.length > 0 ? ` | log: ${logs.slice(-2).join(' ').trim()}` : ''}`, forbidden, durationMs: Date.now() - started };
  } finally {
    await app?.stop().catch(ignore);
    await client.close();
    await cleanup(env, tag);
  }
}

// ---- the tests ----------------------------------------------------------------------------------

describe('RBAC of the chart: least privilege, proven with the controller itself', () => {
  const cluster = sharedCluster();
  const kubeconfig = cluster.state.adminKubeconfigPath;
  const suffix = Date.now().toString(36);
  const release = `tnc-rbac-${suffix}`;
  const namespace = `tnc-rbac-${suffix}`;
  const fullname = `${release}-tenant-network-controller`;
  let admin: KubeClient;
  let env: Env;
  let roles: ChartRole[];
  const serviceAccountUser = `system:serviceaccount:${namespace}:${fullname}`;

  const allowed = async (p: Omit<Permission, 'role' | 'ruleIndex'>, namespace?: string): Promise<boolean> => {
    const [resource, subresource] = p.resource.split('/');
    const review = await admin.request<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: serviceAccountUser,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${env.config.namespace}`, 'system:authenticated'],
          resourceAttributes: { group: p.apiGroup, resource, subresource, verb: p.verb, namespace, name: p.resourceName },
        },
      },
    });
    return review.status?.allowed === true;
  };

  /** RBAC reaches the authorizer through an informer: wait until it answers as expected. */
  const settle = async (p: Permission, expected: boolean): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while ((await allowed(p, p.role.namespace)) !== expected) {
      if (Date.now() > deadline) throw new Error(`RBAC did not settle: ${describePermission(p)} allowed=${!expected}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const setRules = async (role: ChartRole, rules: Rule[]): Promise<void> => {
    await admin.mergePatch(role.type, role.name, { rules }, { namespace: role.namespace });
  };

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    // Calico's IPPool and KubeSphere's Workspace CRDs (the chart installs its own three).
    await cluster.installCrds(ALL_CRD_FILES);
    await helmOk(['install', release, CHART_DIR, '--namespace', namespace, '--create-namespace', ...SHARED_APISERVER_VALUES], { kubeconfig });
    const configMap = await admin.get<KubeObject & V1ConfigMap>(CORE.configMaps, fullname, namespace);
    const parsed = parseConfig(JSON.parse(configMap.data?.['config.json'] ?? '') as unknown, { POD_NAMESPACE: namespace }, []);
    if (!parsed.ok) throw new Error(`the chart's config is invalid: ${parsed.errors.join('; ')}`);
    env = { admin, serviceAccount: await cluster.serviceAccountKubeConfig(namespace, fullname), config: parsed.config };
    const read = async (type: ResourceType, name: string, ns?: string): Promise<ChartRole> => {
      const role = await admin.get<RoleObject>(type, name, ns);
      return { type, name, ...(ns === undefined ? {} : { namespace: ns }), rules: role.rules };
    };
    roles = [await read(CLUSTER_ROLES, fullname), await read(ROLES, fullname, namespace), await read(ROLES, `${fullname}-events`, 'default')];
  }, 60_000);

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace], { kubeconfig });
    await deleteNamespace(admin, namespace).catch(ignore);
    await admin.close();
  });

  it('runs the core scenario with the ServiceAccount\'s token and gets no 403', async () => {
    const result = await runScenario(env, `rb-${suffix}-base`, 20_000);
    expect(result).toMatchObject({ completed: true, forbidden: [] });
    process.stderr.write(`[rbac] core scenario with the chart's ServiceAccount: ${result.durationMs} ms, no 403\n`);
  }, 120_000);

  it('grants nothing else: other Secrets, pod reads, other webhook configurations, RBAC and CRD changes are denied', async () => {
    const denied: { apiGroup: string; resource: string; verb: string; ns?: string }[] = [
      { apiGroup: '', resource: 'secrets', verb: 'get', ns: namespace },
      { apiGroup: '', resource: 'secrets', verb: 'list' },
      { apiGroup: '', resource: 'secrets', verb: 'update', ns: namespace },
      { apiGroup: '', resource: 'pods', verb: 'get' },
      { apiGroup: '', resource: 'pods', verb: 'watch' },
      { apiGroup: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', verb: 'patch' },
      { apiGroup: 'admissionregistration.k8s.io', resource: 'validatingadmissionpolicies', verb: 'patch' },
      { apiGroup: '', resource: 'namespaces', verb: 'delete' },
      { apiGroup: '', resource: 'namespaces', verb: 'update' },
      { apiGroup: 'networking.k8s.io', resource: 'networkpolicies', verb: 'update' },
      { apiGroup: 'sdn.kubesphere.io', resource: 'projectconnections', verb: 'delete' },
      { apiGroup: 'sdn.kubesphere.io', resource: 'workspacenetworks', verb: 'update' },
      { apiGroup: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', verb: 'update' },
      { apiGroup: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', verb: 'list' },
      { apiGroup: RBAC_GROUP, resource: 'clusterroles', verb: 'escalate' },
      { apiGroup: 'coordination.k8s.io', resource: 'leases', verb: 'update', ns: 'kube-system' },
      { apiGroup: 'events.k8s.io', resource: 'events', verb: 'create', ns: 'kube-system' },
    ];
    for (const d of denied) expect([`${d.verb} ${d.resource}`, await allowed(d, d.ns)]).toEqual([`${d.verb} ${d.resource}`, false]);
  });

  it('fails a scenario step with a 403 when any single permission is removed', async () => {
    const permissions = roles.flatMap(permissionsOf);
    const results: { permission: string; result: ScenarioResult }[] = [];
    let index = 0;
    for (const p of permissions) {
      await setRules(p.role, rulesWithout(p));
      await settle(p, false);
      try {
        results.push({ permission: describePermission(p), result: await runScenario(env, `rb-${suffix}-${index++}`, 6000) });
      } finally {
        await setRules(p.role, p.role.rules);
        await settle(p, true);
      }
    }
    const width = Math.max(...results.map((r) => r.permission.length));
    process.stderr.write(`[rbac] ${results.length} permissions, each removed alone:\n${results.map(({ permission, result }) =>
      `  ${permission.padEnd(width)}  ${result.completed ? 'COMPLETED (unused?)' : `fails at "${result.failedStep ?? ''}"`}  ${result.forbidden[0] ?? 'no 403'}  ${result.durationMs} ms`).join('\n')}\n`);

    expect(permissions.length).toBeGreaterThanOrEqual(30);
    // No grant is unused: without it the scenario does not complete ...
    expect(results.filter((r) => r.result.completed).map((r) => r.permission)).toEqual([]);
    // ... and what stops it is the apiserver refusing the controller (not a slow step).
    expect(results.filter((r) => r.result.forbidden.length === 0).map((r) => `${r.permission}: ${r.result.error ?? ''}`)).toEqual([]);
  }, 600_000);
});

describe('RBAC of the chart with the QingCloud provider', () => {
  const cluster = sharedCluster();
  const kubeconfig = cluster.state.adminKubeconfigPath;
  const suffix = Date.now().toString(36);
  const release = `tnc-qc-${suffix}`;
  const namespace = `tnc-qc-${suffix}`;
  const fullname = `${release}-tenant-network-controller`;
  let admin: KubeClient;

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    await helmOk(['install', release, CHART_DIR, '--namespace', namespace, '--create-namespace', '--set', 'provider=qingcloud', '--set', 'qingcloud.credentialsSecret=qingcloud-api', ...SHARED_APISERVER_VALUES], { kubeconfig });
    for (const name of ['qingcloud-api', 'unrelated']) {
      await admin.create(CORE.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, stringData: { qy_access_key_id: 'AKID', qy_secret_access_key: 'secret', zone: 'pek3a' } } as KubeObject);
    }
  }, 60_000);

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace], { kubeconfig });
    await deleteNamespace(admin, namespace).catch(ignore);
    await admin.close();
  });

  it('may read the named credentials Secret and no other; without the rule the provider cannot start', async () => {
    const configMap = await admin.get<KubeObject & V1ConfigMap>(CORE.configMaps, fullname, namespace);
    const parsed = parseConfig(JSON.parse(configMap.data?.['config.json'] ?? '') as unknown, { POD_NAMESPACE: namespace }, []);
    if (!parsed.ok) throw new Error(`the chart's config is invalid: ${parsed.errors.join('; ')}`);
    const config = parsed.config;
    const client = await KubeClient.fromKubeConfig(await cluster.serviceAccountKubeConfig(namespace, fullname));
    try {
      // What createProvider does first for QingCloud: read the Secret the config names.
      const connection = await loadQingCloudConnection(config.providers.qingcloud as QingCloudConfig, config.namespace, {}, client);
      expect(connection).toMatchObject({ zone: 'pek3a', credentialsSource: `secret ${namespace}/qingcloud-api` });
      await expect(client.get(CORE.secrets, 'unrelated', namespace)).rejects.toMatchObject({ status: 403 });
      await expect(client.list(CORE.secrets, { namespace })).rejects.toMatchObject({ status: 403 });

      const role = await admin.get<RoleObject>(ROLES, fullname, namespace);
      await admin.mergePatch(ROLES, fullname, { rules: role.rules.filter((r) => !(r.resources ?? []).includes('secrets')) }, { namespace });
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = await client.get(CORE.secrets, 'qingcloud-api', namespace).then(() => 200, (err: unknown) => (err instanceof KubeApiError ? err.status : 0));
        if (status === 403) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(403);
      await expect(loadQingCloudConnection(config.providers.qingcloud as QingCloudConfig, config.namespace, {}, client)).rejects.toThrow(/cannot read QingCloud credentials Secret/);
    } finally {
      await client.close();
    }
  });
});
