// hostnic's RBAC, proven on a real apiserver. The chart (provider qingcloud, hostnicMode vxnetpool,
// a VxNetPool and ConfigMap of its own names so nothing is shared with other suites) grants get and
// patch on that one VxNetPool, get and patch on that one ConfigMap in kube-system, and create on
// ConfigMaps there (for a cluster whose hostnic has none yet; create cannot be limited by name).
// With the ServiceAccount's token the registrar registers a vxnet, maps two namespaces (creating,
// then patching the ConfigMap) and releases both with no 403; other VxNetPools and ConfigMaps are
// denied; and with any single one of those grants removed the same cycle meets a 403.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HOSTNIC_VXNETPOOLS } from '../../src/api/resources.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { HostnicRegistrar } from '../../src/providers/qingcloud/hostnic/registrar.js';
import { DEFAULT_HOSTNIC_SETTINGS, type HostnicSettings } from '../../src/providers/qingcloud/hostnic/settings.js';
import { sharedCluster } from '../harness/shared.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { deleteNamespace } from '../support/core-env.js';
import { CHART_DIR, helm, helmOk, SHARED_APISERVER_VALUES } from '../support/helm.js';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}

type RoleObject = KubeObject & { rules: Rule[] };

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const CLUSTER_ROLES: ResourceType = { group: RBAC_GROUP, version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false };
const ROLES: ResourceType = { group: RBAC_GROUP, version: 'v1', plural: 'roles', kind: 'Role', namespaced: true };
const ignore = (): undefined => undefined;

describe('RBAC of the chart for hostnic (QingCloud, hostnicMode vxnetpool)', () => {
  const cluster = sharedCluster();
  const kubeconfig = cluster.state.adminKubeconfigPath;
  const suffix = Date.now().toString(36);
  const release = `tnc-hn-${suffix}`;
  const namespace = `tnc-hn-${suffix}`;
  const fullname = `${release}-tenant-network-controller`;
  const pool = `v-pool-${suffix}`;
  const configMap = `hostnic-ipam-${suffix}`;
  const settings: HostnicSettings = { ...DEFAULT_HOSTNIC_SETTINGS, vxnetPool: pool, configMapNamespace: 'kube-system', configMapName: configMap, batchWindowMs: 0, snapshotTtlMs: 0 };
  let admin: KubeClient;
  let roles: { type: ResourceType; name: string; namespace?: string; rules: Rule[] }[];

  const allowed = async (resource: { group: string; resource: string; verb: string; name?: string; namespace?: string }): Promise<boolean> => {
    const review = await admin.request<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: `system:serviceaccount:${namespace}:${fullname}`,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
          resourceAttributes: resource,
        },
      },
    });
    return review.status?.allowed === true;
  };

  /** One registration and release with the ServiceAccount's token; the 403s it met. */
  const cycle = async (tag: string): Promise<string[]> => {
    // hostnic as the admin installed it, without the ConfigMap, so `create` is needed every time.
    await admin.delete(CORE.configMaps, configMap, { namespace: 'kube-system' }).catch(ignore);
    await admin.mergePatch(HOSTNIC_VXNETPOOLS, pool, { spec: { vxnets: [{ name: 'vxnet-default' }] } });
    const forbidden: string[] = [];
    const client = await KubeClient.fromKubeConfig(await cluster.serviceAccountKubeConfig(namespace, fullname), {
      onRequest: (r) => { if (r.status === 403) forbidden.push(`${r.method} ${r.path}`); },
    });
    const registrar = new HostnicRegistrar(client, settings);
    const signal = AbortSignal.timeout(20_000);
    const vxnet = `vxnet-${tag}`;
    try {
      await registrar.ensure(`${tag}-a`, vxnet, signal);
      // hostnic's controller cuts the vxnet into blocks.
      await admin.mergePatch(HOSTNIC_VXNETPOOLS, pool, { status: { pools: [{ name: vxnet, ippool: vxnet, subnets: [`${tag}-0-26`, `${tag}-64-26`] }] } }, { subresource: 'status' });
      expect(await registrar.ensure(`${tag}-a`, vxnet, signal)).toEqual({ ready: true });
      expect(await registrar.ensure(`${tag}-b`, vxnet, signal)).toEqual({ ready: true });
      await registrar.release(`${tag}-a`, undefined, signal);
      await registrar.release(`${tag}-b`, vxnet, signal);
    } catch (err) {
      // A refused call stops the cycle (the registrar passes the apiserver's answer on); anything else is a failure.
      if (forbidden.length === 0) throw err;
    } finally {
      await client.close();
    }
    return forbidden;
  };

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    await cluster.installCrds(ALL_CRD_FILES);
    for (const name of [pool, `${pool}-other`]) {
      await admin.create(HOSTNIC_VXNETPOOLS, { apiVersion: 'network.qingcloud.com/v1alpha1', kind: 'VxNetPool', metadata: { name }, spec: { blockSize: 26, vxnets: [{ name: 'vxnet-default' }] } } as KubeObject);
    }
    await helmOk(['install', release, CHART_DIR, '--namespace', namespace, '--create-namespace', '--set', 'provider=qingcloud', '--set', 'qingcloud.credentialsSecret=qingcloud-api',
      '--set', `qingcloud.hostnicVxNetPool=${pool}`, '--set', `qingcloud.hostnicConfigMap=kube-system/${configMap}`, ...SHARED_APISERVER_VALUES], { kubeconfig });
    const read = async (type: ResourceType, name: string, ns?: string): Promise<(typeof roles)[number]> => {
      const role = await admin.get<RoleObject>(type, name, ns);
      return { type, name, ...(ns === undefined ? {} : { namespace: ns }), rules: role.rules };
    };
    roles = [await read(CLUSTER_ROLES, fullname), await read(ROLES, `${fullname}-hostnic`, 'kube-system')];
  }, 60_000);

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace], { kubeconfig });
    await deleteNamespace(admin, namespace).catch(ignore);
    await admin.delete(CORE.configMaps, configMap, { namespace: 'kube-system' }).catch(ignore);
    for (const name of [pool, `${pool}-other`]) await admin.delete(HOSTNIC_VXNETPOOLS, name).catch(ignore);
    await admin.close();
  });

  it('registers, maps and releases with the ServiceAccount\'s token and gets no 403', async () => {
    expect(await cycle('base')).toEqual([]);
    const view = await admin.get<KubeObject & { data?: Record<string, string> }>(CORE.configMaps, configMap, 'kube-system');
    expect([JSON.parse(view.data?.ipam ?? '') as unknown, view.data?.['subnet-auto-assign']]).toEqual([{}, 'off']);
  }, 60_000);

  it('may touch no other VxNetPool and no other ConfigMap, nor list either', async () => {
    const denied = [
      { group: 'network.qingcloud.com', resource: 'vxnetpools', verb: 'get', name: `${pool}-other` },
      { group: 'network.qingcloud.com', resource: 'vxnetpools', verb: 'patch', name: `${pool}-other` },
      { group: 'network.qingcloud.com', resource: 'vxnetpools', verb: 'list' },
      { group: 'network.qingcloud.com', resource: 'vxnetpools', verb: 'patch', name: pool, subresource: 'status' },
      { group: '', resource: 'configmaps', verb: 'get', name: 'kube-proxy', namespace: 'kube-system' },
      { group: '', resource: 'configmaps', verb: 'patch', name: 'kube-proxy', namespace: 'kube-system' },
      { group: '', resource: 'configmaps', verb: 'list', namespace: 'kube-system' },
      { group: '', resource: 'configmaps', verb: 'delete', name: configMap, namespace: 'kube-system' },
      { group: '', resource: 'configmaps', verb: 'update', name: configMap, namespace: 'kube-system' },
    ];
    for (const d of denied) expect([d, await allowed(d)]).toEqual([d, false]);
  });

  it('meets a 403 when any single hostnic grant is removed', async () => {
    const grants = roles.flatMap((role) => role.rules.flatMap((rule, index) =>
      (rule.resources ?? []).filter((r) => r === 'vxnetpools' || r === 'configmaps').flatMap((resource) => rule.verbs.map((verb) => ({ role, index, resource, verb, rule })))));
    expect(grants.map((g) => `${g.verb} ${g.resource}`).sort()).toEqual(['create configmaps', 'get configmaps', 'get vxnetpools', 'patch configmaps', 'patch vxnetpools']);
    const results: string[] = [];
    for (const g of grants) {
      const probe = { group: g.rule.apiGroups?.[0] ?? '', resource: g.resource, verb: g.verb, ...(g.rule.resourceNames === undefined ? {} : { name: g.rule.resourceNames[0] }), ...(g.role.namespace === undefined ? {} : { namespace: g.role.namespace }) };
      const without = g.role.rules.flatMap((r, i) => (i !== g.index ? [r] : r.verbs.length > 1 ? [{ ...r, verbs: r.verbs.filter((v) => v !== g.verb) }] : []));
      await admin.mergePatch(g.role.type, g.role.name, { rules: without }, { namespace: g.role.namespace });
      try {
        await eventuallyAllowed(allowed, probe, false);
        const forbidden = await cycle(`c${String(results.length)}`);
        results.push(`${g.verb} ${g.resource}: ${forbidden[0] ?? 'no 403'}`);
      } finally {
        await admin.mergePatch(g.role.type, g.role.name, { rules: g.role.rules }, { namespace: g.role.namespace });
        await eventuallyAllowed(allowed, probe, true);
      }
    }
    process.stderr.write(`[rbac] hostnic grants, each removed alone:\n${results.map((r) => `  ${r}`).join('\n')}\n`);
    expect(results.filter((r) => r.endsWith('no 403'))).toEqual([]);
  }, 120_000);
});

/** RBAC reaches the authorizer through an informer: wait until it answers as expected. */
async function eventuallyAllowed<T>(allowed: (p: T) => Promise<boolean>, probe: T, expected: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await allowed(probe)) !== expected) {
    if (Date.now() > deadline) throw new Error(`RBAC did not settle: ${JSON.stringify(probe)} allowed=${String(!expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
