import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../../../kube/api-error.js';
import type { KubeClient, KubeObject } from '../../../kube/kube-client.js';
import type { ResourceType } from '../../../kube/resource.js';
import { ControllerError } from '../../../util/errors.js';
import { HostnicRegistrar } from './registrar.js';
import { DEFAULT_HOSTNIC_SETTINGS, type HostnicSettings } from './settings.js';

type Stored = KubeObject & { spec?: { blockSize?: number; vxnets?: { name: string }[] }; status?: { pools?: { name: string; ippool: string; subnets?: string[] }[] }; data?: Record<string, string> };

/** Two objects with resourceVersions: a merge patch naming an old one fails with 409, as the apiserver's does. */
function fakeApi(initial: { pool?: Stored; configMap?: Stored }) {
  const store = new Map<string, Stored>();
  let version = 1;
  const key = (type: ResourceType, name: string) => `${type.plural}/${name}`;
  const put = (type: ResourceType, object: Stored): Stored => {
    const stored = { ...structuredClone(object), metadata: { ...object.metadata, resourceVersion: String(++version) } };
    store.set(key(type, object.metadata?.name ?? ''), stored);
    return structuredClone(stored);
  };
  if (initial.pool !== undefined) put({ group: 'network.qingcloud.com', version: 'v1alpha1', plural: 'vxnetpools', kind: 'VxNetPool', namespaced: false }, initial.pool);
  if (initial.configMap !== undefined) put({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true }, initial.configMap);
  const writes: string[] = [];
  const gets: string[] = [];
  /** Runs before the next write lands: a concurrent writer. */
  let interloper: (() => void) | undefined;
  const client = {
    get: (type: ResourceType, name: string) => {
      gets.push(type.plural);
      const found = store.get(key(type, name));
      return found === undefined ? Promise.reject(new KubeApiError(404, 'NotFound', 'not found', false)) : Promise.resolve(structuredClone(found));
    },
    create: (type: ResourceType, object: Stored) => {
      writes.push(`create ${type.plural}`);
      return Promise.resolve(put(type, object));
    },
    mergePatch: (type: ResourceType, name: string, patch: Stored) => {
      const run = interloper;
      interloper = undefined;
      run?.();
      writes.push(`patch ${type.plural}`);
      const current = store.get(key(type, name));
      if (current === undefined) return Promise.reject(new KubeApiError(404, 'NotFound', 'not found', false));
      if (patch.metadata?.resourceVersion !== current.metadata?.resourceVersion) return Promise.reject(new KubeApiError(409, 'Conflict', 'the object has been modified', true));
      return Promise.resolve(put(type, { ...current, ...(patch.spec === undefined ? {} : { spec: { ...current.spec, ...patch.spec } }), ...(patch.data === undefined ? {} : { data: { ...current.data, ...patch.data } }) }));
    },
  } as unknown as KubeClient;
  const pool = (): Stored | undefined => store.get('vxnetpools/v-pool');
  const configMap = (): Stored | undefined => store.get('configmaps/hostnic-ipam-config');
  return {
    client, writes, gets, pool, configMap,
    /** hostnic's controller: blocks for every listed vxnet. */
    cutBlocks: () => {
      const p = pool();
      if (p === undefined) return;
      store.set('vxnetpools/v-pool', { ...p, status: { pools: (p.spec?.vxnets ?? []).map((v) => ({ name: v.name, ippool: v.name, subnets: [`${v.name}-0-26`, `${v.name}-64-26`] })) } });
    },
    edit: (change: (s: Stored) => Stored, which: 'pool' | 'configMap') => {
      const current = which === 'pool' ? pool() : configMap();
      if (current !== undefined) put(which === 'pool' ? { group: 'network.qingcloud.com', version: 'v1alpha1', plural: 'vxnetpools', kind: 'VxNetPool', namespaced: false } : { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true }, change(current));
    },
    concurrently: (run: () => void) => { interloper = run; },
  };
}

const settings: HostnicSettings = { ...DEFAULT_HOSTNIC_SETTINGS, batchWindowMs: 5, snapshotTtlMs: 0 };
const signal = (): AbortSignal => new AbortController().signal;
const basePool = (): Stored => ({ metadata: { name: 'v-pool' }, spec: { blockSize: 26, vxnets: [{ name: 'vxnet-default' }] } });
const baseConfigMap = (): Stored => ({ metadata: { name: 'hostnic-ipam-config', namespace: 'kube-system' }, data: { ipam: '{"Default":["vxnet-default"],"legacy":["b-1"]}', 'subnet-auto-assign': 'on' } });
const ipam = (api: ReturnType<typeof fakeApi>): unknown => JSON.parse(api.configMap()?.data?.ipam ?? '{}');

describe('HostnicRegistrar', () => {
  it('registers the vxnet, waits for blocks, then maps the namespace to exactly them, keeping everyone else\'s entries', async () => {
    const api = fakeApi({ pool: basePool(), configMap: baseConfigMap() });
    const registrar = new HostnicRegistrar(api.client, settings);
    expect(await registrar.ensure('shop', 'vxnet-shop', signal())).toEqual({ ready: false, message: expect.stringMatching(/waiting for hostnic to cut vxnet vxnet-shop into blocks/) });
    expect(api.pool()?.spec?.vxnets).toEqual([{ name: 'vxnet-default' }, { name: 'vxnet-shop' }]);
    api.cutBlocks();
    expect(await registrar.ensure('shop', 'vxnet-shop', signal())).toEqual({ ready: true });
    expect(ipam(api)).toEqual({ Default: ['vxnet-default'], legacy: ['b-1'], shop: ['vxnet-shop-0-26', 'vxnet-shop-64-26'] });
    expect(api.configMap()?.data?.['subnet-auto-assign']).toBe('off');
    // Steady state: reads only.
    const writes = api.writes.length;
    expect(await registrar.ensure('shop', 'vxnet-shop', signal())).toEqual({ ready: true });
    expect(api.writes.length).toBe(writes);
  });

  it('writes a burst of projects as one write of each object', async () => {
    const api = fakeApi({ pool: basePool(), configMap: baseConfigMap() });
    const registrar = new HostnicRegistrar(api.client, settings);
    const projects = Array.from({ length: 20 }, (_, i) => `p${String(i)}`);
    await Promise.all(projects.map((p) => registrar.ensure(p, `vxnet-${p}`, signal())));
    expect(api.writes).toEqual(['patch vxnetpools']);
    api.cutBlocks();
    await Promise.all(projects.map((p) => registrar.ensure(p, `vxnet-${p}`, signal())));
    expect(api.writes).toEqual(['patch vxnetpools', 'patch configmaps']);
    expect(Object.keys(ipam(api) as object)).toHaveLength(22);
  });

  it('never loses a concurrent edit: a conflict reads again and re-applies only its own change', async () => {
    const api = fakeApi({ pool: basePool(), configMap: baseConfigMap() });
    const registrar = new HostnicRegistrar(api.client, settings);
    api.concurrently(() => { api.edit((p) => ({ ...p, spec: { ...p.spec, vxnets: [...(p.spec?.vxnets ?? []), { name: 'vxnet-admin' }] } }), 'pool'); });
    await registrar.ensure('shop', 'vxnet-shop', signal());
    expect(api.pool()?.spec?.vxnets).toEqual([{ name: 'vxnet-default' }, { name: 'vxnet-admin' }, { name: 'vxnet-shop' }]);
    expect(api.writes).toEqual(['patch vxnetpools', 'patch vxnetpools']);
    api.cutBlocks();
    api.concurrently(() => { api.edit((c) => ({ ...c, data: { ...c.data, ipam: '{"Default":["vxnet-default"],"legacy":["b-1"],"admin-ns":["x"]}' } }), 'configMap'); });
    await registrar.ensure('shop', 'vxnet-shop', signal());
    expect(ipam(api)).toEqual({ Default: ['vxnet-default'], legacy: ['b-1'], 'admin-ns': ['x'], shop: ['vxnet-shop-0-26', 'vxnet-shop-64-26'] });
  });

  it('on release unmaps the namespace before the vxnet leaves the pool, and touches nothing else', async () => {
    const api = fakeApi({ pool: basePool(), configMap: baseConfigMap() });
    const registrar = new HostnicRegistrar(api.client, settings);
    await registrar.ensure('shop', 'vxnet-shop', signal());
    api.cutBlocks();
    await registrar.ensure('shop', 'vxnet-shop', signal());
    api.writes.length = 0;
    await registrar.release('shop', 'vxnet-shop', signal());
    expect(api.writes).toEqual(['patch configmaps', 'patch vxnetpools']);
    expect(ipam(api)).toEqual({ Default: ['vxnet-default'], legacy: ['b-1'] });
    expect(api.pool()?.spec?.vxnets).toEqual([{ name: 'vxnet-default' }]);
    // Again: nothing left to write.
    await registrar.release('shop', 'vxnet-shop', signal());
    expect(api.writes).toHaveLength(2);
  });

  it('leaves the mapping to hostnic with autoAssign on: ready once the vxnet has blocks', async () => {
    const api = fakeApi({ pool: basePool(), configMap: baseConfigMap() });
    const registrar = new HostnicRegistrar(api.client, { ...settings, autoAssign: 'on' });
    await registrar.ensure('shop', 'vxnet-shop', signal());
    api.cutBlocks();
    expect(await registrar.ensure('shop', 'vxnet-shop', signal())).toEqual({ ready: true });
    expect(api.configMap()?.data).toEqual(baseConfigMap().data);
  });

  it('creates the ConfigMap when hostnic has none yet', async () => {
    const api = fakeApi({ pool: basePool() });
    const registrar = new HostnicRegistrar(api.client, settings);
    await registrar.ensure('shop', 'vxnet-shop', signal());
    api.cutBlocks();
    await registrar.ensure('shop', 'vxnet-shop', signal());
    expect(api.writes).toEqual(['patch vxnetpools', 'create configmaps']);
    expect(ipam(api)).toEqual({ shop: ['vxnet-shop-0-26', 'vxnet-shop-64-26'] });
  });

  it.each([
    ['no VxNetPool', () => fakeApi({ configMap: baseConfigMap() }), 'HostnicNotConfigured', true],
    ['broken JSON in the ConfigMap', () => { const api = fakeApi({ pool: basePool(), configMap: { ...baseConfigMap(), data: { ipam: '{' } } }); return api; }, 'HostnicConfigInvalid', false],
  ])('fails with a precise reason: %s', async (_name, make, code, retryable) => {
    const api = make();
    const registrar = new HostnicRegistrar(api.client, settings);
    let err: unknown;
    try {
      await registrar.ensure('shop', 'vxnet-shop', signal());
      api.cutBlocks();
      await registrar.ensure('shop', 'vxnet-shop', signal());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ControllerError);
    expect([(err as ControllerError).code, (err as ControllerError).retryable]).toEqual([code, retryable]);
  });

  it('refuses a mapping that would push the ConfigMap past its size limit', async () => {
    const big = JSON.stringify(Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [`ns-${String(i).padStart(5, '0')}-xxxxxxxxxxxx`, ['4100-172-16-3-0-26', '4100-172-16-3-64-26', '4100-172-16-3-128-26', '4100-172-16-3-192-26']])));
    const api = fakeApi({ pool: basePool(), configMap: { ...baseConfigMap(), data: { ipam: big } } });
    const registrar = new HostnicRegistrar(api.client, settings);
    await registrar.ensure('shop', 'vxnet-shop', signal());
    api.cutBlocks();
    await expect(registrar.ensure('shop', 'vxnet-shop', signal())).rejects.toMatchObject({ code: 'HostnicConfigTooLarge', retryable: false });
  });
});
