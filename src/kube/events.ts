// Kubernetes Events (events.k8s.io/v1), aggregated: the same (object, type, reason, note) within the
// aggregation window updates one Event's series count instead of creating a new Event, and series
// updates are themselves throttled, so a key that fails on every retry does not flood the API.
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { errorMessage } from '../util/errors.js';
import type { KubeClient, KubeObject } from './kube-client.js';
import { toMicroTime } from './micro-time.js';
import { CORE } from './resource.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  readonly client: KubeClient;
  readonly controller: string;
  readonly instance: string;
  readonly log?: Logger;
  /** Where Events about cluster-scoped objects go (client-go uses "default"). */
  readonly clusterScopedNamespace?: string;
  readonly aggregationWindowMs?: number;
  readonly seriesUpdateIntervalMs?: number;
  readonly now?: () => number;
}

interface SeriesState {
  name: string;
  namespace: string;
  count: number;
  firstMs: number;
  lastWrittenCount: number;
  lastWriteMs: number;
  writing: Promise<void> | undefined;
}

export interface Regarding {
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: KubeObject;
}

const MAX_NOTE = 1024;

export class EventRecorder {
  private readonly options: EventRecorderOptions;
  private readonly log: Logger;
  private readonly series = new Map<string, SeriesState>();
  private readonly pending = new Set<Promise<void>>();

  constructor(options: EventRecorderOptions) {
    this.options = options;
    this.log = (options.log ?? silentLogger()).child({ component: 'events' });
  }

  /** Records an Event in the background; failures are logged, never thrown into reconcile. */
  record(regarding: Regarding, type: EventType, reason: string, action: string, note: string): void {
    const task = this.write(regarding, type, reason, action, note.length > MAX_NOTE ? `${note.slice(0, MAX_NOTE - 1)}…` : note).catch((err: unknown) => {
      this.log.warn({ err: errorMessage(err), reason }, 'could not record event');
    });
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Waits for Events in flight (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async write(regarding: Regarding, type: EventType, reason: string, action: string, note: string): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const meta = regarding.object.metadata ?? {};
    const key = [meta.uid ?? meta.name, type, reason, action, note].join('\u0000');
    const window = this.options.aggregationWindowMs ?? 600_000;
    const existing = this.series.get(key);
    if (existing !== undefined && now - existing.firstMs < window) {
      existing.count++;
      await existing.writing;
      if (now - existing.lastWriteMs < (this.options.seriesUpdateIntervalMs ?? 60_000)) return;
      existing.writing = this.updateSeries(existing, now);
      await existing.writing;
      return;
    }
    this.pruneExpired(now, window);
    const namespace = meta.namespace ?? this.options.clusterScopedNamespace ?? 'default';
    const name = `${meta.name ?? 'unknown'}.${now.toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`;
    const state: SeriesState = { name, namespace, count: 1, firstMs: now, lastWrittenCount: 1, lastWriteMs: now, writing: undefined };
    this.series.set(key, state);
    state.writing = this.options.client.create(CORE.events, {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name, namespace },
      eventTime: toMicroTime(new Date(now)),
      reportingController: this.options.controller,
      reportingInstance: this.options.instance,
      action,
      reason,
      type,
      note,
      regarding: { apiVersion: regarding.apiVersion, kind: regarding.kind, name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
    } as KubeObject).then(() => undefined);
    await state.writing;
  }

  private async updateSeries(state: SeriesState, now: number): Promise<void> {
    if (state.count === state.lastWrittenCount) return;
    const count = state.count;
    state.lastWriteMs = now;
    await this.options.client.mergePatch(CORE.events, state.name, { series: { count, lastObservedTime: toMicroTime(new Date(now)) } }, { namespace: state.namespace });
    state.lastWrittenCount = count;
  }

  private pruneExpired(now: number, window: number): void {
    for (const [key, state] of this.series) if (now - state.firstMs >= window) this.series.delete(key);
  }
}
