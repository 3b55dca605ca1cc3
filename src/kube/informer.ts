// A list+watch cache for one resource type. Unlike client-node's ListWatch it never gives up: it
// relists on 410 Gone, restarts the watch after any other error with backoff and jitter, and a
// watchdog restarts a stream that has been silent too long (bookmarks keep healthy streams talking).
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { backoffDelay, sleep, type BackoffPolicy } from '../util/backoff.js';
import { errorMessage } from '../util/errors.js';
import { isExpired, kubeApiErrorFrom, type KubeStatusBody } from './api-error.js';
import type { KubeClient, KubeObject, WatchEvent } from './kube-client.js';
import { compactObject } from './compact.js';
import { objectKey, type ResourceType } from './resource.js';

export type InformerEventType = 'add' | 'update' | 'delete';

export interface InformerEvent<T> {
  readonly type: InformerEventType;
  readonly object: T;
  /** The cached object before an update or delete. */
  readonly old?: T;
}

export type IndexFunction<T> = (object: T) => readonly string[];

export interface InformerOptions<T extends KubeObject> {
  readonly client: KubeClient;
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Ask only for metadata (PartialObjectMetadata): far less memory when spec and status are not read. */
  readonly metadataOnly?: boolean;
  /** Applied to every object before caching; the default is compactObject (compact.ts). */
  readonly transform?: (object: T) => T;
  readonly pageSize?: number;
  /** Restart a watch that has delivered nothing (not even a bookmark) for this long. */
  readonly watchdogMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly log?: Logger;
  /** Called on every watch restart, with the reason, for metrics. */
  readonly onRestart?: (reason: string) => void;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 30_000, jitter: 0.5 };
const DEFAULT_WATCHDOG_MS = 150_000;
/** A watch that lived at least this long counts as healthy again, so the backoff resets. */
const HEALTHY_WATCH_MS = 10_000;

/** Reads the flag through a call, since it changes while the loop awaits. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

class WatchStalled extends Error {
  constructor(ms: number) {
    super(`watch silent for ${ms} ms`);
    this.name = 'WatchStalled';
  }
}

export class Informer<T extends KubeObject> {
  readonly type: ResourceType;
  private readonly options: InformerOptions<T>;
  private readonly log: Logger;
  private readonly cache = new Map<string, T>();
  private readonly handlers: ((event: InformerEvent<T>) => void)[] = [];
  private readonly indexers = new Map<string, IndexFunction<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly stopController = new AbortController();
  private readonly syncWaiters: (() => void)[] = [];
  private resourceVersion = '';
  private synced = false;
  private loop: Promise<void> | undefined;

  constructor(options: InformerOptions<T>) {
    this.options = options;
    this.type = options.type;
    this.log = (options.log ?? silentLogger()).child({ informer: options.type.plural });
  }

  /** Handlers run synchronously on the informer's loop: keep them cheap (enqueue keys). Returns an unsubscribe. */
  onEvent(handler: (event: InformerEvent<T>) => void): () => void {
    this.handlers.push(handler);
    return () => {
      const index = this.handlers.indexOf(handler);
      if (index >= 0) this.handlers.splice(index, 1);
    };
  }

  /** A secondary index, e.g. projects by workspace; must be added before start. */
  addIndex(name: string, indexFunction: IndexFunction<T>): void {
    this.indexers.set(name, indexFunction);
    this.indexes.set(name, new Map());
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopController.abort(new Error('informer stopped'));
    await this.loop;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  async waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => { reject(new Error(`${this.type.plural} informer: sync aborted`)); };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  keys(): string[] {
    return [...this.cache.keys()];
  }

  get size(): number {
    return this.cache.size;
  }

  /** Keys of the cached objects whose index function returned `value`. */
  byIndex(name: string, value: string): string[] {
    const index = this.indexes.get(name);
    if (index === undefined) throw new Error(`${this.type.plural} informer has no index ${name}`);
    return [...(index.get(value) ?? [])];
  }

  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  private keyOf(object: T): string {
    return objectKey(object.metadata?.namespace, object.metadata?.name ?? '');
  }

  private prepare(object: T): T {
    return (this.options.transform ?? compactObject)(object);
  }

  private emit(event: InformerEvent<T>): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'informer event handler threw');
      }
    }
  }

  private reindex(key: string, old: T | undefined, next: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indexes.get(name);
      if (index === undefined) continue;
      for (const value of old === undefined ? [] : fn(old)) {
        const set = index.get(value);
        set?.delete(key);
        if (set?.size === 0) index.delete(value);
      }
      for (const value of next === undefined ? [] : fn(next)) {
        let set = index.get(value);
        if (set === undefined) index.set(value, (set = new Set()));
        set.add(key);
      }
    }
  }

  private upsert(object: T): void {
    const key = this.keyOf(object);
    const old = this.cache.get(key);
    // A relist or a re-delivered event of the same version changes nothing.
    if (old !== undefined && old.metadata?.resourceVersion === object.metadata?.resourceVersion) return;
    this.cache.set(key, object);
    this.reindex(key, old, object);
    this.emit(old === undefined ? { type: 'add', object } : { type: 'update', object, old });
  }

  private remove(object: T): void {
    const key = this.keyOf(object);
    const old = this.cache.get(key);
    if (old === undefined) return;
    this.cache.delete(key);
    this.reindex(key, old, undefined);
    this.emit({ type: 'delete', object, old });
  }

  private async run(): Promise<void> {
    const signal = this.stopController.signal;
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        if (this.resourceVersion === '') await this.relist(signal);
        await this.watchOnce(signal);
      } catch (err) {
        if (isAborted(signal)) break;
        if (isExpired(err)) {
          this.log.info({ rv: this.resourceVersion }, 'resource version expired; relisting');
          this.resourceVersion = '';
          this.options.onRestart?.('Expired');
          continue;
        }
        if (Date.now() - started > HEALTHY_WATCH_MS) failures = 0;
        failures++;
        const delay = err instanceof WatchStalled ? 0 : backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, failures);
        this.options.onRestart?.(err instanceof WatchStalled ? 'Stalled' : 'Error');
        this.log.warn({ err: errorMessage(err), failures, delayMs: delay }, 'watch failed; restarting');
        await sleep(delay, signal).catch(() => undefined);
        continue;
      }
      // The server closed the stream normally (its timeout): resume from the last version.
      failures = 0;
      this.options.onRestart?.('Closed');
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const { client, type } = this.options;
    const seen = new Set<string>();
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await client.list<T>(type, {
        namespace: this.options.namespace,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        metadataOnly: this.options.metadataOnly,
        limit: this.options.pageSize ?? 500,
        continueToken,
        signal,
      });
      for (const raw of page.items) {
        const object = this.prepare(raw);
        seen.add(this.keyOf(object));
        this.upsert(object);
      }
      continueToken = page.metadata.continue === '' ? undefined : page.metadata.continue;
      resourceVersion = page.metadata.resourceVersion ?? '';
    } while (continueToken !== undefined);
    // Objects deleted while we were not watching.
    for (const [key, object] of [...this.cache]) if (!seen.has(key)) this.remove(object);
    this.resourceVersion = resourceVersion;
    if (!this.synced) {
      this.synced = true;
      this.log.debug({ objects: this.cache.size }, 'informer synced');
      for (const waiter of this.syncWaiters.splice(0)) waiter();
    }
  }

  private async watchOnce(stopSignal: AbortSignal): Promise<void> {
    const watchdogMs = this.options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
    const controller = new AbortController();
    const onStop = (): void => { controller.abort(stopSignal.reason); };
    stopSignal.addEventListener('abort', onStop, { once: true });
    // An object, not a local boolean: the watchdog callback sets it while the loop awaits.
    const state = { stalled: false };
    let watchdog: NodeJS.Timeout | undefined;
    const feedWatchdog = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        state.stalled = true;
        controller.abort(new WatchStalled(watchdogMs));
      }, watchdogMs);
    };
    try {
      feedWatchdog();
      // Spread server-side timeouts like client-go (5–10 min) so watches do not all restart at once.
      const timeoutSeconds = Math.min(600, Math.max(1, Math.round(Math.max(watchdogMs / 1000, 300) * (1 + Math.random()))));
      const events = this.options.client.watch<T>(this.options.type, {
        namespace: this.options.namespace,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        metadataOnly: this.options.metadataOnly,
        resourceVersion: this.resourceVersion,
        timeoutSeconds,
        signal: controller.signal,
      });
      for await (const event of events) {
        feedWatchdog();
        this.apply(event);
      }
      if (state.stalled) throw new WatchStalled(watchdogMs);
    } catch (err) {
      if (state.stalled) throw new WatchStalled(watchdogMs);
      throw err;
    } finally {
      clearTimeout(watchdog);
      stopSignal.removeEventListener('abort', onStop);
    }
  }

  private apply(event: WatchEvent<T>): void {
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.upsert(this.prepare(event.object));
        break;
      case 'DELETED':
        this.remove(event.object);
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        const status = event.object as KubeStatusBody;
        throw kubeApiErrorFrom(status.code ?? 500, status, 'WATCH', this.options.type.plural);
      }
    }
    const rv = event.object.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '') this.resourceVersion = rv;
  }
}
