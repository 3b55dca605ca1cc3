// The Calico provider against a real apiserver with the project's IPPool CRD: the shared provider
// conformance suite, then what is specific to Calico (the pool as stored, drift repair, conflicts,
// stale pools, disable-before-delete, the cluster's other pod ranges) and the API calls each
// operation costs, counted with the client's onRequest hook.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALICO_IPPOOLS } from '../../src/api/resources.js';
import { compareCidrs, parseCidr } from '../../src/ipam/index.js';
import { isAlreadyExists, isNotFound } from '../../src/kube/api-error.js';
import { KubeClient, type RequestInfo } from '../../src/kube/kube-client.js';
import type { IpPoolObject } from '../../src/providers/calico/ippool.js';
import { CalicoProvider, type CalicoProviderOptions } from '../../src/providers/calico/index.js';
import type { SubnetRef, SubnetSpec } from '../../src/providers/contract.js';
import { ControllerError } from '../../src/util/errors.js';
import { describeProviderConformance } from '../conformance/provider-conformance.js';
import { sharedCluster } from '../harness/shared.js';
import { CRD_FILES } from '../support/crd-paths.js';

function byAddress(a: string, b: string): number {
  const pa = parseCidr(a);
  const pb = parseCidr(b);
  if (!pa.ok || !pb.ok) throw new Error(`not an IPv4 range: ${a} or ${b}`);
  return compareCidrs(pa.cidr, pb.cidr);
}

let crdInstalled: Promise<unknown> | undefined;
/** Once per file: both describes need the CRD, and a second install would only rewrite it. */
function installIpPoolCrd(): Promise<unknown> {
  crdInstalled ??= sharedCluster().installCrds([CRD_FILES.calicoIpPools]);
  return crdInstalled;
}

describeProviderConformance('calico', async () => {
  await installIpPoolCrd();
  const clients: KubeClient[] = [];
  const newProvider = async (): Promise<CalicoProvider> => {
    const client = await KubeClient.fromKubeConfig(sharedCluster().adminKubeConfig());
    clients.push(client);
    return new CalicoProvider({ client });
  };
  return {
    provider: await newProvider(),
    vpcCidr: '10.200.0.0/16',
    subnetCidr: (index) => `10.200.${String(index)}.0/24`,
    newProviderInstance: newProvider,
    cleanup: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
});

describe('CalicoProvider against a real apiserver', () => {
  const run = randomBytes(3).toString('hex');
  let sequence = 0;
  let admin: KubeClient;
  /** Requests of the provider's client, as `METHOD status`. */
  let requests: string[] = [];
  let counted: KubeClient;
  let provider: CalicoProvider;
  const extraClients: KubeClient[] = [];
  const signal = (): AbortSignal => AbortSignal.timeout(20_000);
  const vpcCidr = '10.201.0.0/16';

  beforeAll(async () => {
    await installIpPoolCrd();
    admin = await KubeClient.fromKubeConfig(sharedCluster().adminKubeConfig());
    counted = await KubeClient.fromKubeConfig(sharedCluster().adminKubeConfig(), {
      onRequest: (info: RequestInfo) => requests.push(`${info.method} ${String(info.status)}`),
    });
    provider = new CalicoProvider({ client: counted });
  });

  afterAll(async () => {
    await Promise.all([admin.close(), counted.close(), ...extraClients.map((c) => c.close())]);
  });

  async function providerWith(options: Omit<CalicoProviderOptions, 'client'>): Promise<CalicoProvider> {
    const client = await KubeClient.fromKubeConfig(sharedCluster().adminKubeConfig());
    extraClients.push(client);
    return new CalicoProvider({ client, ...options });
  }

  /** Requests made by `action` on the counted client. */
  async function requestsOf(action: () => Promise<unknown>): Promise<string[]> {
    requests = [];
    await action();
    return requests;
  }

  function subnet(cidr: string, overrides: Partial<SubnetSpec> = {}): SubnetSpec {
    const n = ++sequence;
    const workspace = overrides.workspace ?? `cal${run}w${String(n)}`;
    return {
      workspace,
      project: `cal${run}p${String(n)}`,
      projectUid: randomUUID(),
      cidr,
      gateway: cidr.replace(/\.0\/\d+$/, '.1'),
      vpc: { workspace, workspaceUid: randomUUID(), id: `calico-${workspace}`, cidr: vpcCidr },
      ...overrides,
    };
  }

  function ref(spec: SubnetSpec, id?: string): SubnetRef {
    return { workspace: spec.workspace, project: spec.project, projectUid: spec.projectUid, ...(id === undefined ? {} : { id }) };
  }

  async function storedPool(name: string): Promise<IpPoolObject | undefined> {
    return admin.get<IpPoolObject>(CALICO_IPPOOLS, name).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
  }

  async function rejection(promise: Promise<unknown>): Promise<ControllerError> {
    const error = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    if (!(error instanceof ControllerError)) throw new Error(`expected a ControllerError, got ${String(error)}`);
    return error;
  }

  it('stores the pool as specified, and each operation costs the expected API calls', async () => {
    const spec = subnet('10.201.1.0/24');
    const name = `tnc-${spec.project}`;

    // The first VPC looks at other writers' pools (one list); the next within a minute uses that look.
    expect(await requestsOf(() => provider.ensureVpc({ workspace: spec.workspace, workspaceUid: spec.vpc.workspaceUid, cidr: vpcCidr }, signal()))).toEqual(['GET 200']);
    expect(await requestsOf(() => provider.ensureVpc({ workspace: spec.workspace, workspaceUid: spec.vpc.workspaceUid, cidr: vpcCidr }, signal()))).toEqual([]);

    let state;
    expect(await requestsOf(async () => (state = await provider.ensureSubnet(spec, signal())))).toEqual(['POST 201']);
    expect(state).toEqual({
      id: name,
      cidr: '10.201.1.0/24',
      gateway: '10.201.1.1',
      ready: true,
      namespaceAnnotations: { 'cni.projectcalico.org/ipv4pools': `["${name}"]` },
    });

    const pool = await storedPool(name);
    expect(pool?.metadata?.labels).toEqual({
      'app.kubernetes.io/managed-by': 'tenant-network-controller',
      'sdn.kubesphere.io/workspace': spec.workspace,
      'sdn.kubesphere.io/project': spec.project,
    });
    expect(pool?.metadata?.annotations).toEqual({ 'sdn.kubesphere.io/project-uid': spec.projectUid });
    expect(pool?.spec).toEqual({
      cidr: '10.201.1.0/24',
      blockSize: 28,
      ipipMode: 'Never',
      vxlanMode: 'CrossSubnet',
      natOutgoing: true,
      nodeSelector: '!all()',
      disabled: false,
      allowedUses: ['Workload'],
      assignmentMode: 'Automatic', // built without the CRD's features (a test): the CRD's default, neither set nor fought
    });

    // Steady state with the recorded id: one read, no write.
    expect(await requestsOf(() => provider.ensureSubnet({ ...spec, knownId: name }, signal()))).toEqual(['GET 200']);
    // After a restart (no id recorded yet): the refused create, then one read; still no write.
    expect(await requestsOf(() => provider.ensureSubnet(spec, signal()))).toEqual(['POST 409', 'GET 200']);
    expect(await requestsOf(() => provider.listOwned(signal()))).toEqual(['GET 200']);
    expect(await requestsOf(() => provider.deleteSubnet(ref(spec, name), signal()))).toEqual(['PATCH 200', 'DELETE 200']);
    expect(await storedPool(name)).toBeUndefined();
    expect(await requestsOf(() => provider.deleteSubnet(ref(spec, name), signal()))).toEqual(['PATCH 404']);
    expect(await requestsOf(() => provider.deleteVpc({ workspace: spec.workspace, workspaceUid: spec.vpc.workspaceUid }, signal()))).toEqual([]);
  });

  it('uses the configured pool settings', async () => {
    const custom = await providerWith({ blockSize: 26, ipipMode: 'CrossSubnet', natOutgoing: false, nodeSelector: "zone == 'a'", assignmentMode: 'Manual' });
    const spec = subnet('10.201.2.0/24');
    const state = await custom.ensureSubnet(spec, signal());
    expect((await storedPool(state.id))?.spec).toEqual({
      cidr: '10.201.2.0/24',
      blockSize: 26,
      ipipMode: 'CrossSubnet',
      vxlanMode: 'Never',
      natOutgoing: false,
      nodeSelector: "zone == 'a'",
      disabled: false,
      allowedUses: ['Workload'],
      assignmentMode: 'Manual',
    });
    await custom.deleteSubnet(ref(spec, state.id), signal());
  });

  it('puts back fields changed by hand with one patch, and leaves other fields alone', async () => {
    const spec = subnet('10.201.3.0/24');
    const { id } = await provider.ensureSubnet(spec, signal());
    await admin.mergePatch(CALICO_IPPOOLS, id, { metadata: { labels: { 'sdn.kubesphere.io/workspace': 'someone-else', note: 'kept' } }, spec: { natOutgoing: false, disabled: true, disableBGPExport: true } });

    expect(await requestsOf(() => provider.ensureSubnet({ ...spec, knownId: id }, signal()))).toEqual(['GET 200', 'PATCH 200']);
    const repaired = await storedPool(id);
    expect(repaired?.spec).toMatchObject({ natOutgoing: true, disabled: false, disableBGPExport: true });
    expect(repaired?.metadata?.labels).toMatchObject({ 'sdn.kubesphere.io/workspace': spec.workspace, note: 'kept' });
    // Repaired once: the next call writes nothing.
    expect(await requestsOf(() => provider.ensureSubnet({ ...spec, knownId: id }, signal()))).toEqual(['GET 200']);
    await provider.deleteSubnet(ref(spec, id), signal());
  });

  it('refuses a foreign pool that has the name: SubnetNameConflict, and never disables or deletes it', async () => {
    const spec = subnet('10.201.4.0/24');
    const name = `tnc-${spec.project}`;
    await admin.create(CALICO_IPPOOLS, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name }, spec: { cidr: '10.201.4.0/24' } });
    try {
      const error = await rejection(provider.ensureSubnet(spec, signal()));
      expect(error).toMatchObject({ code: 'SubnetNameConflict', retryable: false });
      const refused = await rejection(provider.deleteSubnet(ref(spec, name), signal()));
      expect(refused).toMatchObject({ code: 'SubnetNotOwned', retryable: false });
      const untouched = await storedPool(name);
      expect(untouched?.spec?.disabled).toBeUndefined();
      expect(untouched?.metadata?.labels).toBeUndefined();
    } finally {
      await admin.delete(CALICO_IPPOOLS, name);
    }
  });

  it('replaces the stale pool of a deleted project of the same name, and of a changed range', async () => {
    const old = subnet('10.201.5.0/24');
    const oldState = await provider.ensureSubnet(old, signal());
    const oldObjectUid = (await storedPool(oldState.id))?.metadata?.uid;

    // The namespace was deleted and created again (new UID) before the old pool was removed.
    const recreated = { ...old, projectUid: randomUUID() };
    expect(await requestsOf(() => provider.ensureSubnet(recreated, signal()))).toEqual(['POST 409', 'GET 200', 'DELETE 200', 'POST 201']);
    const replaced = await storedPool(oldState.id);
    expect(replaced?.metadata?.uid).not.toBe(oldObjectUid);
    expect(replaced?.metadata?.annotations?.['sdn.kubesphere.io/project-uid']).toBe(recreated.projectUid);

    // The old incarnation's clean-up must not take the new pool with it.
    await provider.deleteSubnet(ref(old, oldState.id), signal());
    expect((await storedPool(oldState.id))?.metadata?.uid).toBe(replaced?.metadata?.uid);

    // Same project, another range (a lost status re-allocated): the pool cannot be changed in place.
    const moved = { ...recreated, cidr: '10.201.6.0/24', gateway: '10.201.6.1' };
    const movedState = await provider.ensureSubnet({ ...moved, knownId: oldState.id }, signal());
    expect(movedState).toMatchObject({ id: oldState.id, cidr: '10.201.6.0/24' });
    expect((await storedPool(oldState.id))?.spec?.cidr).toBe('10.201.6.0/24');
    await provider.deleteSubnet(ref(moved, movedState.id), signal());
    expect(await storedPool(oldState.id)).toBeUndefined();
  });

  it('disables the pool before deleting it', async () => {
    const spec = subnet('10.201.7.0/24');
    const { id } = await provider.ensureSubnet(spec, signal());
    const rv = (await storedPool(id))?.metadata?.resourceVersion ?? '0';
    const watching = new AbortController();
    const events: string[] = [];
    const watched = (async () => {
      for await (const event of admin.watch<IpPoolObject>(CALICO_IPPOOLS, { resourceVersion: rv, fieldSelector: `metadata.name=${id}`, signal: watching.signal })) {
        if (event.type === 'BOOKMARK') continue;
        events.push(`${event.type} disabled=${String(event.object.spec?.disabled)}`);
        if (event.type === 'DELETED') return;
      }
    })();
    await provider.deleteSubnet(ref(spec, id), signal());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([watched, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
    watching.abort();
    expect(events).toEqual(['MODIFIED disabled=true', 'DELETED disabled=true']);
  });

  it('resolves deleteSubnet only once a finalizer lets the pool go, and does not re-adopt it meanwhile', async () => {
    const spec = subnet('10.201.8.0/24');
    const { id } = await provider.ensureSubnet(spec, signal());
    await admin.mergePatch(CALICO_IPPOOLS, id, { metadata: { finalizers: ['example.com/hold'] } });
    try {
      expect(await rejection(provider.deleteSubnet(ref(spec, id), signal()))).toMatchObject({ code: 'SubnetDeleting', retryable: true });
      expect(await rejection(provider.ensureSubnet({ ...spec, knownId: id }, signal()))).toMatchObject({ code: 'SubnetDeleting', retryable: true });
      expect(await rejection(provider.ensureSubnet(spec, signal()))).toMatchObject({ code: 'SubnetDeleting', retryable: true });
    } finally {
      await admin.mergePatch(CALICO_IPPOOLS, id, { metadata: { finalizers: null } });
    }
    await provider.deleteSubnet(ref(spec, id), signal());
    expect(await storedPool(id)).toBeUndefined();
  });

  it('rejects a subnet smaller than one block before any API call', async () => {
    const spec = subnet('10.201.9.0/29');
    let error: ControllerError | undefined;
    expect(await requestsOf(async () => (error = await rejection(provider.ensureSubnet(spec, signal()))))).toEqual([]);
    expect(error).toMatchObject({ code: 'BlockSizeTooLarge', retryable: false });
  });

  it('refuses invalid settings with a terminal error naming the option', () => {
    expect(() => new CalicoProvider({ client: counted, ipipMode: 'Always', vxlanMode: 'Always' })).toThrow(/vxlanMode/);
    let thrown: unknown;
    try {
      new CalicoProvider({ client: counted, blockSize: 40 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'InvalidProviderConfig', retryable: false });
  });

  it("reports the cluster's other pod ranges: foreign pools, never its own (configured ones are the controller's to add)", async () => {
    const defaultPool = 'default-ipv4-ippool';
    let createdDefault = false;
    try {
      await admin.create(CALICO_IPPOOLS, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: defaultPool }, spec: { cidr: '192.168.0.0/16', ipipMode: 'Always', natOutgoing: true } });
      createdDefault = true;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const foreign = [
      { name: `cal${run}-v6`, spec: { cidr: 'fd00:10::/64' } },
      { name: `cal${run}-lb`, spec: { cidr: '10.202.0.0/24', allowedUses: ['LoadBalancer'] } },
    ];
    for (const p of foreign) await admin.create(CALICO_IPPOOLS, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: p.name }, spec: p.spec });
    const spec = subnet('10.201.10.0/24');
    const own = await provider.ensureSubnet(spec, signal());
    try {
      const cidrs = await provider.clusterPodCidrs(signal());
      const live = await admin.get<IpPoolObject>(CALICO_IPPOOLS, defaultPool);
      expect(cidrs).toContain(live.spec?.cidr);
      expect(cidrs).not.toContain('10.201.10.0/24');
      expect(cidrs).not.toContain('10.202.0.0/24');
      expect(cidrs).not.toContain('fd00:10::/64');
      expect(new Set(cidrs).size).toBe(cidrs.length);
      expect(cidrs).toEqual([...cidrs].sort(byAddress));
      expect(await requestsOf(() => provider.clusterPodCidrs(signal()))).toEqual(['GET 200']);
    } finally {
      await provider.deleteSubnet(ref(spec, own.id), signal());
      for (const p of foreign) await admin.delete(CALICO_IPPOOLS, p.name);
      if (createdDefault) await admin.delete(CALICO_IPPOOLS, defaultPool);
    }
  });
});
