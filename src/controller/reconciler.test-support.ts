// A ControllerContext without a cluster, for the reconcilers' unit tests: map-backed caches, a
// client that records every request and answers like a small apiserver (objects live in the same
// maps the caches read), a provider whose answers a test scripts, and Events kept in a list.
import { Registry } from 'prom-client';
import { INDEX_BY_NAMESPACE, INDEX_BY_PROJECT, INDEX_BY_WORKSPACE, type CacheReader, type CacheReaders, type CachedPolicy } from './caches.js';
import { cachedPolicy } from './cached-policy.js';
import type { ControllerContext, NetworkConfig } from './context.js';
import { IpamRegistry } from './ipam-registry.js';
import type { ProjectConnection } from '../api/project-connection.js';
import type { ProjectNetwork } from '../api/project-network.js';
import type { WorkspaceNetwork } from '../api/workspace-network.js';
import { KubeApiError } from '../kube/api-error.js';
import { EventRecorder } from '../kube/events.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import type { ResourceType } from '../kube/resource.js';
import { createReconcilerMetrics } from '../metrics/reconciler-metrics.js';
import type { NetworkProvider, SubnetSpec, SubnetState, VpcSpec, VpcState } from '../providers/contract.js';

/** A cache of `T` filled with `In` objects (the API's form) through the informer's transform. */
export class MapCache<T extends KubeObject, In extends KubeObject = T> implements CacheReader<T> {
  private readonly objects = new Map<string, T>();
  private readonly indexes: Readonly<Record<string, (object: T) => readonly string[]>>;
  private readonly transform: (object: In) => T;

  constructor(indexes: Readonly<Record<string, (object: T) => readonly string[]>> = {}, transform?: (object: In) => T) {
    this.indexes = indexes;
    this.transform = transform ?? ((object) => object as unknown as T);
  }

  static keyOf(object: KubeObject): string {
    const meta = object.metadata ?? {};
    return meta.namespace === undefined ? meta.name ?? '' : `${meta.namespace}/${meta.name ?? ''}`;
  }

  put(...objects: In[]): void {
    for (const object of objects) this.objects.set(MapCache.keyOf(object), this.transform(structuredClone(object)));
  }

  remove(key: string): void {
    this.objects.delete(key);
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  byIndex(index: string, value: string): string[] {
    const indexer = this.indexes[index];
    if (indexer === undefined) throw new Error(`no index ${index}`);
    return [...this.objects.entries()].filter(([, o]) => indexer(o).includes(value)).map(([key]) => key);
  }

  hasSynced(): boolean {
    return true;
  }
}

export interface RecordedRequest {
  readonly verb: 'get' | 'list' | 'create' | 'mergePatch' | 'apply' | 'delete';
  readonly resource: string;
  readonly name: string;
  readonly subresource?: string;
  readonly body?: unknown;
  readonly uid?: string;
}

export interface TestCaches extends CacheReaders {
  readonly workspaces: MapCache<KubeObject>;
  readonly namespaces: MapCache<KubeObject>;
  readonly workspaceNetworks: MapCache<WorkspaceNetwork & KubeObject>;
  readonly projectNetworks: MapCache<ProjectNetwork & KubeObject>;
  readonly connections: MapCache<ProjectConnection & KubeObject>;
  readonly policies: MapCache<CachedPolicy, KubeObject>;
}

export function testCaches(): TestCaches {
  return {
    workspaces: new MapCache(),
    namespaces: new MapCache({ [INDEX_BY_WORKSPACE]: (ns) => [ns.metadata?.labels?.['kubesphere.io/workspace'] ?? ''] }),
    workspaceNetworks: new MapCache(),
    projectNetworks: new MapCache({ [INDEX_BY_WORKSPACE]: (p) => [p.spec.workspace] }),
    connections: new MapCache({ [INDEX_BY_PROJECT]: (c) => [c.spec.from.project, c.spec.to.project] }),
    policies: new MapCache<CachedPolicy, KubeObject>({ [INDEX_BY_NAMESPACE]: (p) => [p.metadata?.namespace ?? ''] }, cachedPolicy),
  };
}

/** The merge-patch rule (RFC 7386): objects merge, null removes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(base, key);
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}

function notFound(type: ResourceType, name: string): KubeApiError {
  return new KubeApiError(404, 'NotFound', `${type.plural} "${name}" not found`, false);
}

export interface ScriptedProvider {
  ensureVpc?: (vpc: VpcSpec) => Promise<VpcState>;
  ensureSubnet?: (subnet: SubnetSpec) => Promise<SubnetState>;
  namespaceAnnotationsFor?: (project: string) => Readonly<Record<string, string>>;
}

export interface TestContext {
  readonly ctx: ControllerContext;
  readonly caches: TestCaches;
  readonly requests: RecordedRequest[];
  /** Writes only (create, patch, apply, delete), Events left out: what a reconcile changed. */
  writes(): RecordedRequest[];
  readonly events: { readonly type: string; readonly reason: string; readonly note: string; readonly regarding: string }[];
  /** Lets the background Event writes finish. */
  flush(): Promise<void>;
  readonly registry: Registry;
}

export const TEST_NOW = new Date('2030-01-01T00:00:00Z');

export function testContext(options: { provider?: ScriptedProvider; network?: Partial<NetworkConfig>; capabilities?: Partial<NetworkProvider['capabilities']> } = {}): TestContext {
  const caches = testCaches();
  const requests: RecordedRequest[] = [];
  const events: TestContext['events'][number][] = [];
  const byPlural: Record<string, MapCache<KubeObject> | undefined> = {
    workspaces: caches.workspaces,
    namespaces: caches.namespaces,
    workspacenetworks: caches.workspaceNetworks as unknown as MapCache<KubeObject>,
    projectnetworks: caches.projectNetworks as unknown as MapCache<KubeObject>,
    projectconnections: caches.connections as unknown as MapCache<KubeObject>,
    networkpolicies: caches.policies as unknown as MapCache<KubeObject>,
  };
  let version = 100;
  // What the "apiserver" holds beyond the caches: objects written since (the caches lag, as informers do).
  const written = new Map<string, KubeObject>();
  const stored = (type: ResourceType, key: string): KubeObject | undefined => written.get(`${type.plural}:${key}`) ?? byPlural[type.plural]?.get(key);
  const remember = (type: ResourceType, object: KubeObject): KubeObject => {
    written.set(`${type.plural}:${MapCache.keyOf(object)}`, object);
    return structuredClone(object);
  };
  const keyIn = (name: string, namespace: string | undefined): string => (namespace === undefined ? name : `${namespace}/${name}`);
  const client = {
    get: (type: ResourceType, name: string, namespace?: string) => {
      requests.push({ verb: 'get', resource: type.plural, name });
      const object = stored(type, keyIn(name, namespace));
      return object === undefined ? Promise.reject(notFound(type, name)) : Promise.resolve(structuredClone(object));
    },
    list: (type: ResourceType) => {
      requests.push({ verb: 'list', resource: type.plural, name: '' });
      return Promise.resolve({ items: byPlural[type.plural]?.list() ?? [], metadata: {} });
    },
    create: (type: ResourceType, object: KubeObject) => {
      const name = object.metadata?.name ?? '';
      requests.push({ verb: 'create', resource: type.plural, name, body: object });
      if (type.plural === 'events') {
        const e = object as KubeObject & { type: string; reason: string; note: string; regarding: { kind: string; name?: string } };
        events.push({ type: e.type, reason: e.reason, note: e.note, regarding: `${e.regarding.kind}/${e.regarding.name ?? ''}` });
        return Promise.resolve(object);
      }
      return Promise.resolve(remember(type, { ...object, metadata: { ...object.metadata, uid: `uid-${name}`, resourceVersion: String(++version), generation: 1, creationTimestamp: TEST_NOW.toISOString() } }));
    },
    mergePatch: (type: ResourceType, name: string, patch: unknown, opts: { namespace?: string; subresource?: string } = {}) => {
      requests.push({ verb: 'mergePatch', resource: type.plural, name, ...(opts.subresource === undefined ? {} : { subresource: opts.subresource }), body: patch });
      const current = stored(type, keyIn(name, opts.namespace));
      if (current === undefined && type.plural !== 'events') return Promise.reject(notFound(type, name));
      const merged = mergePatch(current, patch) as KubeObject;
      return Promise.resolve(remember(type, { ...merged, metadata: { ...merged.metadata, resourceVersion: String(++version) } }));
    },
    apply: (type: ResourceType, object: KubeObject) => {
      requests.push({ verb: 'apply', resource: type.plural, name: object.metadata?.name ?? '', body: object });
      return Promise.resolve(object);
    },
    delete: (type: ResourceType, name: string, opts: { uid?: string } = {}) => {
      requests.push({ verb: 'delete', resource: type.plural, name, ...(opts.uid === undefined ? {} : { uid: opts.uid }) });
      return Promise.resolve();
    },
  } as unknown as KubeClient;
  const ensureVpc = options.provider?.ensureVpc ?? ((vpc: VpcSpec) => Promise.resolve({ id: `vpc-${vpc.workspace}`, cidr: vpc.cidr, ready: true }));
  const ensureSubnet = options.provider?.ensureSubnet ?? ((s: SubnetSpec) => Promise.resolve({ id: `subnet-${s.project}`, cidr: s.cidr, gateway: s.gateway, ready: true }));
  const provider: NetworkProvider = {
    name: 'calico',
    capabilities: { trafficMetrics: false, ...options.capabilities },
    ensureVpc: (vpc) => ensureVpc(vpc),
    deleteVpc: () => Promise.resolve(),
    ensureSubnet: (subnet) => ensureSubnet(subnet),
    // Recorded among the writes, so a test sees it in order with the API writes around it.
    deleteSubnet: (subnet) => {
      requests.push({ verb: 'delete', resource: 'provider-subnets', name: subnet.project });
      return Promise.resolve();
    },
    ...(options.provider?.namespaceAnnotationsFor === undefined ? {} : { namespaceAnnotationsFor: options.provider.namespaceAnnotationsFor }),
    listOwned: () => Promise.resolve([]),
    deleteOwned: () => Promise.resolve(),
  };
  const registry = new Registry();
  const recorder = new EventRecorder({ client, controller: 'test', instance: 'test-0' });
  const ctx: ControllerContext = {
    client,
    caches,
    ipam: new IpamRegistry({ ranges: ['10.128.0.0/14'], vpcPrefixLength: 16 }),
    provider,
    events: recorder,
    metrics: createReconcilerMetrics(registry),
    config: { provider: 'calico', systemNamespaces: ['kube-system'], allowedIngressCIDRs: [], allowedIngressNamespaces: [], egressIsolation: true, podSecurity: '', deniedEgressCIDRs: [], extraPodCidrs: [], ...options.network },
    podCidrs: () => ['10.244.0.0/16'],
    now: () => TEST_NOW,
  };
  return {
    ctx,
    caches,
    requests,
    writes: () => requests.filter((r) => r.verb !== 'get' && r.verb !== 'list' && r.resource !== 'events'),
    events,
    flush: () => recorder.flush(),
    registry,
  };
}

/** A reconcile's context as the queue hands it over. */
export function reconcileContext(failures = 0): { key: string; signal: AbortSignal; failures: number; log: never } {
  return { key: '', signal: new AbortController().signal, failures, log: undefined as never };
}
