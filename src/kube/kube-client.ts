// A thin Kubernetes REST client on undici. client-node's generated clients build a new connection
// pool (and TLS handshake) per request and cannot ask for metadata-only lists or watches; this one
// keeps one pool per kubeconfig, streams watches, and translates every failure at the boundary.
// client-node still provides the kubeconfig handling (auth plugins, token files) and the types.
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterConnection, TlsOptions } from './connection.js';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { CONTROLLER_NAME } from '../api/constants.js';
import { kubeApiErrorFrom, networkError, type KubeStatusBody } from './api-error.js';
import { resourcePath, type ResourceType } from './resource.js';
import { createRotatingConnector, type RotatingConnector } from './rotating-connector.js';

export const METADATA_ONLY_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
export const METADATA_ONLY_OBJECT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: Date | string;
    creationTimestamp?: Date | string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    managedFields?: unknown[];
  };
}

export interface ObjectList<T> {
  readonly items: T[];
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string };
}

export interface WatchEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: T;
}

export interface RequestInfo {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
}

export interface KubeClientOptions {
  /** Concurrent connections to the apiserver (HTTP/1.1). */
  readonly connections?: number;
  readonly requestTimeoutMs?: number;
  readonly fieldManager?: string;
  /** Called after every request, for metrics and write counting. */
  readonly onRequest?: (info: RequestInfo) => void;
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continueToken?: string;
  readonly resourceVersion?: string;
  readonly metadataOnly?: boolean;
  readonly signal?: AbortSignal;
}

export interface WatchOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly resourceVersion: string;
  readonly timeoutSeconds?: number;
  readonly metadataOnly?: boolean;
  readonly signal: AbortSignal;
}

/** How long to reuse auth headers resolved by client-node: short enough to follow rotated tokens. */
const CREDENTIALS_TTL_MS = 30_000;

/** `dryRun=All`: the apiserver validates, admits and answers, but persists nothing. */
function dryRunQuery(dryRun: boolean | undefined): { dryRun?: string } {
  return dryRun === true ? { dryRun: 'All' } : {};
}

function queryString(query: RequestOptions['query']): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

async function readJson(body: Dispatcher.ResponseData['body']): Promise<unknown> {
  const text = await body.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 500) };
  }
}

export class KubeClient {
  readonly server: string;
  readonly fieldManager: string;
  private readonly connection: ClusterConnection;
  private readonly rotating: RotatingConnector | undefined;
  private readonly dispatcher: Agent;
  private readonly requestTimeoutMs: number;
  private readonly onRequest: ((info: RequestInfo) => void) | undefined;

  constructor(connection: ClusterConnection, options: KubeClientOptions = {}) {
    const tls: TlsOptions = connection.tls;
    this.server = connection.server.replace(/\/+$/, '');
    this.connection = connection;
    // A client certificate that can change (exec plugins) needs a connector that follows it.
    this.rotating = connection.clientCertificate === undefined ? undefined : createRotatingConnector(tls);
    this.fieldManager = options.fieldManager ?? CONTROLLER_NAME;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.onRequest = options.onRequest;
    this.dispatcher = new Agent({
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      connect: this.rotating?.connect ?? { ...tls },
    });
  }

  /**
   * A client from client-node's KubeConfig (tests, the CLI: any auth plugin client-node supports).
   * TLS material is read once; auth headers are re-resolved periodically.
   */
  static async fromKubeConfig(kubeConfig: KubeConfig, options: KubeClientOptions = {}): Promise<KubeClient> {
    const cluster = kubeConfig.getCurrentCluster();
    if (cluster === null) throw new Error('kubeconfig has no current cluster');
    const https: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean } = {};
    await kubeConfig.applyToHTTPSOptions(https);
    let cached: { headers: Record<string, string>; expiresAt: number } | undefined;
    const authHeaders = async (): Promise<Record<string, string>> => {
      const now = Date.now();
      if (cached !== undefined && cached.expiresAt > now) return cached.headers;
      const opts: { headers?: Record<string, string | number | string[] | undefined> } = {};
      await kubeConfig.applyToHTTPSOptions(opts);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
      cached = { headers, expiresAt: now + CREDENTIALS_TTL_MS };
      return headers;
    };
    return new KubeClient({ server: cluster.server, tls: https, authHeaders }, options);
  }

  private async send(method: string, path: string, options: RequestOptions, timeoutMs: number | undefined, retried = false): Promise<Dispatcher.ResponseData> {
    if (this.rotating !== undefined) this.rotating.use(await this.connection.clientCertificate?.());
    const auth = await this.connection.authHeaders();
    const headers: Record<string, string> = { ...auth, accept: options.accept ?? 'application/json', 'user-agent': this.fieldManager };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const started = performance.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${this.server}${path}${queryString(options.query)}`, {
        method: method,
        headers,
        body,
        dispatcher: this.dispatcher,
        signal: options.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (err) {
      this.onRequest?.({ method, path, status: 0, durationMs: performance.now() - started });
      if (options.signal?.aborted === true) throw err;
      throw networkError(method, path, err);
    }
    this.onRequest?.({ method, path, status: response.statusCode, durationMs: performance.now() - started });
    // A plugin's credential the apiserver no longer accepts: fetch a new one and try once more,
    // as client-go does.
    if (response.statusCode === 401 && !retried && this.connection.onUnauthorized?.(auth) === true) {
      await response.body.dump();
      return this.send(method, path, options, timeoutMs, true);
    }
    return response;
  }

  /** One request; the parsed JSON body on 2xx, a KubeApiError otherwise. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options, this.requestTimeoutMs);
    const parsed = await readJson(response.body).catch((err: unknown) => {
      throw networkError(method, path, err);
    });
    if (response.statusCode >= 200 && response.statusCode < 300) return parsed as T;
    throw kubeApiErrorFrom(response.statusCode, parsed as KubeStatusBody | undefined, method, path);
  }

  /** A non-JSON endpoint such as /metrics, as text. */
  async getText(path: string, signal?: AbortSignal): Promise<string> {
    const response = await this.send('GET', path, { accept: 'text/plain', signal }, this.requestTimeoutMs);
    const text = await response.body.text();
    if (response.statusCode !== 200) throw kubeApiErrorFrom(response.statusCode, { message: text.slice(0, 500) }, 'GET', path);
    return text;
  }

  async get<T extends KubeObject>(type: ResourceType, name: string, namespace?: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', resourcePath(type, { namespace, name }), { signal });
  }

  async list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    const page = await this.request<{ items: T[] | null; metadata?: ObjectList<T>['metadata'] }>('GET', resourcePath(type, { namespace: options.namespace }), {
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.limit,
        continue: options.continueToken,
        resourceVersion: options.resourceVersion,
      },
      accept: options.metadataOnly === true ? METADATA_ONLY_LIST : undefined,
      signal: options.signal,
    });
    // An empty PartialObjectMetadataList comes back with `items: null`.
    return { items: page.items ?? [], metadata: page.metadata ?? {} };
  }

  async create<T extends KubeObject>(type: ResourceType, object: T, signal?: AbortSignal): Promise<T> {
    return this.request<T>('POST', resourcePath(type, { namespace: object.metadata?.namespace }), { body: object, query: { fieldManager: this.fieldManager }, signal });
  }

  /** JSON merge patch (RFC 7386): only the given fields change. */
  async mergePatch<T extends KubeObject>(type: ResourceType, name: string, patch: unknown, opts: { namespace?: string; subresource?: string; signal?: AbortSignal; dryRun?: boolean } = {}): Promise<T> {
    return this.request<T>('PATCH', resourcePath(type, { namespace: opts.namespace, name, subresource: opts.subresource }), {
      body: patch,
      contentType: 'application/merge-patch+json',
      query: { fieldManager: this.fieldManager, ...dryRunQuery(opts.dryRun) },
      signal: opts.signal,
    });
  }

  /** JSON patch (RFC 6902): `test` operations make it a compare-and-swap. */
  async jsonPatch<T extends KubeObject>(type: ResourceType, name: string, operations: readonly JsonPatchOperation[], opts: { namespace?: string; subresource?: string; signal?: AbortSignal } = {}): Promise<T> {
    return this.request<T>('PATCH', resourcePath(type, { namespace: opts.namespace, name, subresource: opts.subresource }), {
      body: operations,
      contentType: 'application/json-patch+json',
      query: { fieldManager: this.fieldManager },
      signal: opts.signal,
    });
  }

  /** Server-side apply with this client's field manager. */
  async apply<T extends KubeObject>(type: ResourceType, object: T, opts: { subresource?: string; force?: boolean; signal?: AbortSignal; dryRun?: boolean } = {}): Promise<T> {
    const name = object.metadata?.name;
    if (name === undefined) throw new Error('apply needs metadata.name');
    return this.request<T>('PATCH', resourcePath(type, { namespace: object.metadata?.namespace, name, subresource: opts.subresource }), {
      body: object,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: this.fieldManager, force: opts.force ?? true, ...dryRunQuery(opts.dryRun) },
      signal: opts.signal,
    });
  }

  async delete(type: ResourceType, name: string, opts: { namespace?: string; uid?: string; resourceVersion?: string; propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; signal?: AbortSignal; dryRun?: boolean } = {}): Promise<void> {
    const preconditions = opts.uid === undefined && opts.resourceVersion === undefined ? undefined : { uid: opts.uid, resourceVersion: opts.resourceVersion };
    await this.request('DELETE', resourcePath(type, { namespace: opts.namespace, name }), {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions, propagationPolicy: opts.propagationPolicy, ...(opts.dryRun === true ? { dryRun: ['All'] } : {}) },
      signal: opts.signal,
    });
  }

  /**
   * Opens a watch and yields its events until the server closes the stream, the signal aborts, or
   * the connection fails (then it throws a KubeApiError). Bookmarks are requested so a restart can
   * resume from a recent resourceVersion instead of relisting.
   */
  async *watch<T extends KubeObject>(type: ResourceType, options: WatchOptions): AsyncGenerator<WatchEvent<T>> {
    const path = resourcePath(type, { namespace: options.namespace });
    const query = {
      watch: true,
      allowWatchBookmarks: true,
      resourceVersion: options.resourceVersion,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      timeoutSeconds: options.timeoutSeconds,
    };
    // No body timeout: the informer's watchdog decides when a silent stream is dead.
    const response = await this.send('GET', path, { query, signal: options.signal, accept: options.metadataOnly === true ? METADATA_ONLY_OBJECT : undefined }, 0);
    if (response.statusCode !== 200) {
      const parsed = await readJson(response.body).catch(() => undefined);
      throw kubeApiErrorFrom(response.statusCode, parsed as KubeStatusBody | undefined, 'WATCH', path);
    }
    const lines = createInterface({ input: response.body, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line === '') continue;
        yield JSON.parse(line) as WatchEvent<T>;
      }
    } catch (err) {
      if (options.signal.aborted) return;
      throw networkError('WATCH', path, err);
    } finally {
      lines.close();
      response.body.destroy();
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** Escapes a key for use in a JSON pointer (`/metadata/labels/a~1b`). */
export function jsonPointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
