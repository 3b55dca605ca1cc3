// Tells hostnic about project vxnets (mode vxnetpool, settings.ts): registers a vxnet in the shared
// VxNetPool, waits for hostnic's controller to cut it into blocks (status.pools), then maps the
// project's namespace to exactly those blocks in the IPAM ConfigMap; on release it unmaps the
// namespace first, then takes the vxnet out of the pool (the provider deletes the vxnet after).
//
// Both objects are shared with hostnic and admins, so every write is a read-modify-write with the
// resourceVersion (a concurrent edit makes it read again, never lose the other writer's change) and
// touches only the controller's entries. Changes from many projects wait `batchWindowMs` for
// company: a burst of new projects costs one write of each object, not one per project. Reads are
// shared too: one look at both objects answers every project's check for `snapshotTtlMs`.
//
// API calls per project (happy path, mode vxnetpool, autoAssign off): its share of one batched
// VxNetPool write and one batched ConfigMap write when it is created, the same when it is deleted,
// and its share of the two GETs per `snapshotTtlMs` while it waits for blocks.
import type { VxNetPool } from '../../../api/external/hostnic-vxnetpool.js';
import { HOSTNIC_VXNETPOOLS } from '../../../api/resources.js';
import { isConflict, isNotFound } from '../../../kube/api-error.js';
import type { KubeClient, KubeObject } from '../../../kube/kube-client.js';
import { CORE } from '../../../kube/resource.js';
import { retryableError, terminalError } from '../../../util/errors.js';
import { Batcher } from '../batcher.js';
import { applyMappingChange, AUTO_ASSIGN_KEY, IPAM_KEY, mappedTo, parseIpam, renderIpam } from './ipam-config.js';
import type { HostnicSettings } from './settings.js';
import { applyVxnetChange, blocksOf, listsVxnet } from './vxnet-pool.js';

export type HostnicOp =
  | { readonly kind: 'add'; readonly vxnet: string }
  | { readonly kind: 'remove'; readonly vxnet: string }
  | { readonly kind: 'map'; readonly namespace: string; readonly blocks: readonly string[] }
  | { readonly kind: 'unmap'; readonly namespace: string };

interface ConfigMapObject extends KubeObject {
  data?: Record<string, string>;
}

type PoolObject = Partial<VxNetPool> & KubeObject;

interface Snapshot {
  readonly atMs: number;
  readonly pool: PoolObject | undefined;
  readonly configMap: ConfigMapObject | undefined;
}

export interface Registration {
  readonly ready: boolean;
  readonly message?: string;
}

/**
 * The most the ConfigMap's data may hold after a write: etcd refuses objects over about 1.5 MiB and
 * a ConfigMap's data over 1 MiB; a bit below that, the mapping is refused with a clear reason
 * instead (docs/providers.md has the sizes: ~117 bytes per project with hostnic's default
 * blockSize 26, so about 8,500 projects).
 */
export const MAX_CONFIGMAP_DATA_BYTES = 1_000_000;
/** Conflicts in a row before a write gives up (and the caller retries later). */
const MAX_CONFLICTS = 8;
/** A missing CRD or VxNetPool is fixed by installing hostnic: minutes, not seconds. */
const NOT_CONFIGURED_RETRY_MS = 30_000;

export class HostnicRegistrar {
  private readonly client: KubeClient;
  private readonly settings: HostnicSettings;
  private readonly now: () => number;
  private readonly batcher: Batcher<HostnicOp>;
  private snapshot: Snapshot | undefined;
  private reading: Promise<Snapshot> | undefined;

  constructor(client: KubeClient, settings: HostnicSettings, now: () => number = Date.now) {
    this.client = client;
    this.settings = settings;
    this.now = now;
    this.batcher = new Batcher((ops) => this.flush(ops), { windowMs: settings.batchWindowMs, maxItems: 10_000 });
  }

  /** Registration of a project's (joined) vxnet; ready once its namespace is mapped to its blocks. */
  async ensure(namespace: string, vxnet: string, signal: AbortSignal): Promise<Registration> {
    let seen = await this.read(signal);
    if (!listsVxnet(seen.pool?.spec, vxnet)) {
      await this.batcher.add([{ kind: 'add', vxnet }]);
      seen = await this.read(signal);
    }
    const blocks = blocksOf(seen.pool?.status, vxnet);
    if (blocks === undefined) return { ready: false, message: `waiting for hostnic to cut vxnet ${vxnet} into blocks (VxNetPool ${this.settings.vxnetPool}, status.pools)` };
    if (this.settings.autoAssign === 'on') return { ready: true };
    const mapping = parseIpam(seen.configMap?.data?.[IPAM_KEY]);
    if (mapping.ok && mappedTo(mapping.mapping, namespace, blocks) && seen.configMap?.data?.[AUTO_ASSIGN_KEY] === 'off') return { ready: true };
    await this.batcher.add([{ kind: 'map', namespace, blocks }]);
    return { ready: true };
  }

  /** The namespace unmapped first, then the vxnet (when known) out of the pool; resolves once both are written. */
  async release(namespace: string, vxnet: string | undefined, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    await this.batcher.add([{ kind: 'unmap', namespace }, ...(vxnet === undefined ? [] : [{ kind: 'remove' as const, vxnet }])]);
  }

  // ---- reads ------------------------------------------------------------------------------------

  private async read(signal: AbortSignal): Promise<Snapshot> {
    const cached = this.snapshot;
    if (cached !== undefined && this.now() - cached.atMs < this.settings.snapshotTtlMs) return cached;
    this.reading ??= this.fetch(signal).finally(() => { this.reading = undefined; });
    return this.reading;
  }

  private async fetch(signal: AbortSignal): Promise<Snapshot> {
    const [pool, configMap] = await Promise.all([this.getPool(signal), this.getConfigMap(signal)]);
    this.snapshot = { atMs: this.now(), pool, configMap };
    return this.snapshot;
  }

  private async getPool(signal?: AbortSignal): Promise<PoolObject | undefined> {
    try {
      return await this.client.get<PoolObject>(HOSTNIC_VXNETPOOLS, this.settings.vxnetPool, undefined, signal);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async getConfigMap(signal?: AbortSignal): Promise<ConfigMapObject | undefined> {
    try {
      return await this.client.get<ConfigMapObject>(CORE.configMaps, this.settings.configMapName, this.settings.configMapNamespace, signal);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  // ---- batched writes ---------------------------------------------------------------------------

  /** One batch: the ConfigMap first (unmaps before the vxnets they use leave the pool), then the pool. */
  private async flush(ops: readonly HostnicOp[]): Promise<void> {
    const map = new Map<string, readonly string[]>();
    const unmap = new Set<string>();
    const add = new Set<string>();
    const remove = new Set<string>();
    // Later ops of the same key win: a project released and created again in one batch is mapped.
    for (const op of ops) {
      if (op.kind === 'map') { map.set(op.namespace, op.blocks); unmap.delete(op.namespace); }
      if (op.kind === 'unmap') { unmap.add(op.namespace); map.delete(op.namespace); }
      if (op.kind === 'add') { add.add(op.vxnet); remove.delete(op.vxnet); }
      if (op.kind === 'remove') { remove.add(op.vxnet); add.delete(op.vxnet); }
    }
    if (map.size > 0 || unmap.size > 0) await this.writeConfigMap({ map, unmap });
    if (add.size > 0 || remove.size > 0) await this.writePool({ add, remove });
  }

  private async writeConfigMap(change: Parameters<typeof applyMappingChange>[1]): Promise<void> {
    const { configMapName: name, configMapNamespace: namespace } = this.settings;
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const live = await this.getConfigMap();
      const parsed = parseIpam(live?.data?.[IPAM_KEY]);
      // Someone else's broken JSON is not ours to overwrite.
      if (!parsed.ok) throw terminalError('HostnicConfigInvalid', `ConfigMap ${namespace}/${name}: ${parsed.message}`);
      const next = applyMappingChange(parsed.mapping, change);
      const ownAutoAssign = this.settings.autoAssign === 'off' && live?.data?.[AUTO_ASSIGN_KEY] !== 'off';
      if (!next.changed && !ownAutoAssign) return;
      const data = { [IPAM_KEY]: renderIpam(next.mapping), ...(this.settings.autoAssign === 'off' ? { [AUTO_ASSIGN_KEY]: 'off' } : {}) };
      const bytes = Object.entries({ ...live?.data, ...data }).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
      if (bytes > MAX_CONFIGMAP_DATA_BYTES && change.map.size > 0) {
        throw terminalError('HostnicConfigTooLarge', `ConfigMap ${namespace}/${name} would hold ${String(bytes)} bytes (limit ${String(MAX_CONFIGMAP_DATA_BYTES)}): use larger hostnic blocks (VxNetPool blockSize), or hostnicAutoAssign on`);
      }
      try {
        const written = live === undefined
          ? await this.client.create<ConfigMapObject>(CORE.configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data })
          : await this.client.mergePatch<ConfigMapObject>(CORE.configMaps, name, { metadata: { resourceVersion: live.metadata?.resourceVersion }, data }, { namespace });
        this.remember({ configMap: written });
        return;
      } catch (err) {
        // 409: someone wrote in between (or created it first); read again and re-apply our change.
        if (!isConflict(err)) throw err;
      }
    }
    throw retryableError('HostnicConfigBusy', `ConfigMap ${namespace}/${name} kept changing under ${MAX_CONFLICTS} writes in a row`);
  }

  private async writePool(change: Parameters<typeof applyVxnetChange>[1]): Promise<void> {
    const name = this.settings.vxnetPool;
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const live = await this.getPool();
      // A missing VxNetPool and a CRD that is not served both answer 404.
      if (live === undefined) {
        if (change.add.size === 0) return;
        throw retryableError('HostnicNotConfigured', `VxNetPool ${name} does not exist: install hostnic with its controller, or set qingcloud.hostnicMode`, undefined, NOT_CONFIGURED_RETRY_MS);
      }
      const next = applyVxnetChange(live.spec?.vxnets ?? [], change);
      if (!next.changed) return;
      try {
        const written = await this.client.mergePatch<PoolObject>(HOSTNIC_VXNETPOOLS, name, { metadata: { resourceVersion: live.metadata?.resourceVersion }, spec: { vxnets: next.vxnets } });
        this.remember({ pool: written });
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    throw retryableError('HostnicConfigBusy', `VxNetPool ${name} kept changing under ${MAX_CONFLICTS} writes in a row`);
  }

  /** Our own write is the newest state of that object: later checks need not read it again. */
  private remember(written: { pool?: PoolObject; configMap?: ConfigMapObject }): void {
    const base = this.snapshot ?? { atMs: this.now(), pool: undefined, configMap: undefined };
    this.snapshot = { ...base, ...written };
  }
}

