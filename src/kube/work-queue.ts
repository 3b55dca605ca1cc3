// A keyed work queue with client-go semantics: a key added many times while waiting is processed
// once; a key is never handed to two workers at once (an add during processing re-queues it after
// `done`); failures back off per key with jitter; delayed adds keep the earliest deadline.

import { backoffDelay, type BackoffPolicy } from '../util/backoff.js';

export interface QueueObserver {
  depth(value: number): void;
  added(): void;
  /** Seconds the key waited between add and get. */
  waited(seconds: number): void;
  retried(): void;
}

export interface WorkQueueOptions {
  readonly backoff?: BackoffPolicy;
  readonly observer?: QueueObserver;
  readonly random?: () => number;
}

export const DEFAULT_QUEUE_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 300_000, jitter: 0.2 };

export class WorkQueue {
  private readonly ready: string[] = [];
  private readyHead = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly addedAt = new Map<string, number>();
  private readonly delayed = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private readonly failures = new Map<string, number>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly backoff: BackoffPolicy;
  private readonly observer: QueueObserver | undefined;
  private readonly random: () => number;
  private shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.backoff = options.backoff ?? DEFAULT_QUEUE_BACKOFF;
    this.observer = options.observer;
    this.random = options.random ?? Math.random;
  }

  get length(): number {
    return this.ready.length - this.readyHead;
  }

  get processingCount(): number {
    return this.processing.size;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.observer?.added();
    this.dirty.add(key);
    this.addedAt.set(key, performance.now());
    if (this.processing.has(key)) return;
    this.pushReady(key);
  }

  /** Adds after `delayMs`; an earlier pending deadline for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing !== undefined && existing.at <= at) return;
    if (existing !== undefined) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.delayed.set(key, { timer, at });
  }

  /** Re-adds after this key's next backoff delay; returns the delay chosen. */
  addRateLimited(key: string, minDelayMs = 0): number {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    this.observer?.retried();
    const delay = Math.max(minDelayMs, backoffDelay(this.backoff, failures, this.random));
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the key's failure history (after a success, or when giving up). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** The next key to process, or undefined once the queue shuts down. */
  async get(): Promise<string | undefined> {
    const key = this.tryGet();
    if (key !== undefined || this.shuttingDown) return key;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The next key if one is ready now. */
  tryGet(): string | undefined {
    if (this.length === 0) return undefined;
    const key = this.ready[this.readyHead++] as string;
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
    this.observer?.depth(this.length);
    this.dirty.delete(key);
    this.processing.add(key);
    const added = this.addedAt.get(key);
    this.addedAt.delete(key);
    if (added !== undefined) this.observer?.waited((performance.now() - added) / 1000);
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.pushReady(key);
  }

  /** Stops accepting keys and releases waiting getters; queued keys are dropped. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.ready.length = 0;
    this.readyHead = 0;
    this.dirty.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  private pushReady(key: string): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      // Hand the key straight to a waiting worker.
      this.ready.push(key);
      waiter(this.tryGet());
      return;
    }
    this.ready.push(key);
    this.observer?.depth(this.length);
  }
}
