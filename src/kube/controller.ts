// The reconcile loop: informer events become keys in a work queue; workers take keys and call
// reconcile(key), which reads the latest state from caches (level-based, never the event). Results
// and errors decide when the key comes back: requeueAfter, backoff for retryable errors, nothing
// for terminal ones (the next change of the object brings it back).
import PQueue from 'p-queue';
import { isControllerError, errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import type { Informer, InformerEvent } from './informer.js';
import type { KubeObject } from './kube-client.js';
import type { RuntimeMetrics } from './metrics-handle.js';
import { objectKey } from './resource.js';
import { WorkQueue, type WorkQueueOptions } from './work-queue.js';

export interface ReconcileContext {
  readonly key: string;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Consecutive failures of this key before this attempt. */
  readonly failures: number;
}

export interface ReconcileResult {
  readonly requeueAfterMs?: number;
}

export type Reconciler = (key: string, context: ReconcileContext) => Promise<ReconcileResult | undefined>;

type ErrorDecision = { readonly retry: true; readonly minDelayMs?: number } | { readonly retry: false };

/** Retryable errors back off (honouring server hints); terminal ones wait for the object to change. */
function errorDecision(err: unknown): ErrorDecision {
  if (isControllerError(err) && !err.retryable) return { retry: false };
  const minDelayMs = isControllerError(err) ? err.retryAfterMs : undefined;
  return minDelayMs === undefined ? { retry: true } : { retry: true, minDelayMs };
}

export interface ControllerOptions {
  readonly name: string;
  readonly reconcile: Reconciler;
  readonly concurrency?: number;
  readonly queue?: WorkQueueOptions;
  readonly metrics?: RuntimeMetrics;
  readonly log?: Logger;
}

export type KeyMapper<T> = (event: InformerEvent<T>) => readonly string[];

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  private readonly options: ControllerOptions;
  private readonly pool: PQueue;
  private readonly concurrency: number;
  private readonly log: Logger;
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<string>();
  private loop: Promise<void> | undefined;

  constructor(options: ControllerOptions) {
    this.options = options;
    this.name = options.name;
    this.concurrency = options.concurrency ?? 4;
    this.log = (options.log ?? silentLogger()).child({ controller: options.name });
    this.queue = new WorkQueue({ ...options.queue, ...(options.metrics === undefined ? {} : { observer: options.metrics.queueObserver(options.name) }) });
    this.pool = new PQueue({ concurrency: this.concurrency });
    options.metrics?.setMaxConcurrentReconciles(options.name, this.concurrency);
  }

  /**
   * Enqueues keys for every event of the informer: the object's own key, or what `map` says.
   * `delayMs` batches bursts: keys are added after the delay, so many events become one reconcile.
   */
  watch<T extends KubeObject>(informer: Informer<T>, map?: KeyMapper<T>, options: { delayMs?: number } = {}): void {
    informer.onEvent((event) => {
      const keys = map === undefined ? [objectKey(event.object.metadata?.namespace, event.object.metadata?.name ?? '')] : map(event);
      for (const key of keys) {
        if (options.delayMs === undefined) this.queue.add(key);
        else this.queue.addAfter(key, options.delayMs);
      }
    });
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Keys being reconciled right now (for tests and shutdown logs). */
  activeKeys(): string[] {
    return [...this.inFlight];
  }

  start(): void {
    this.loop ??= this.dispatch();
  }

  /** Stops taking work, aborts nothing that is running, and waits up to `graceMs` for it to finish. */
  async stop(graceMs = 10_000): Promise<boolean> {
    this.queue.shutDown();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      this.pool.onIdle().then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false); }, graceMs); }),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.log.warn({ keys: this.activeKeys() }, 'reconciles still running at shutdown; aborting them');
      this.abort.abort(new Error('controller stopped'));
    }
    return drained;
  }

  private async dispatch(): Promise<void> {
    for (;;) {
      if (this.pool.pending + this.pool.size >= this.concurrency) {
        await new Promise<void>((resolve) => this.pool.once('next', () => { resolve(); }));
        continue;
      }
      const key = await this.queue.get();
      if (key === undefined) return;
      void this.pool.add(() => this.process(key));
    }
  }

  private async process(key: string): Promise<void> {
    const { metrics, name } = this.options;
    const failures = this.queue.failureCount(key);
    const log = this.log.child({ key });
    const started = performance.now();
    this.inFlight.add(key);
    metrics?.reconcileStarted(name);
    let result: 'success' | 'error' | 'requeue_after' = 'success';
    try {
      const outcome = await this.options.reconcile(key, { key, signal: this.abort.signal, log, failures });
      this.queue.forget(key);
      if (outcome?.requeueAfterMs !== undefined) {
        result = 'requeue_after';
        this.queue.addAfter(key, outcome.requeueAfterMs);
      }
    } catch (err) {
      result = 'error';
      const decision = errorDecision(err);
      const code = isControllerError(err) ? err.code : 'Unexpected';
      if (decision.retry) {
        const delayMs = this.queue.addRateLimited(key, decision.minDelayMs);
        log.warn({ err: errorMessage(err), code, failures: failures + 1, delayMs }, 'reconcile failed; retrying');
      } else {
        this.queue.forget(key);
        log.error({ err: errorMessage(err), code }, 'reconcile failed with a terminal error; waiting for a change');
      }
    } finally {
      this.inFlight.delete(key);
      this.queue.done(key);
      metrics?.reconcileFinished(name, result, (performance.now() - started) / 1000);
    }
  }
}
