// The account's API-call budget (QingCloud: 2,000 calls per hour by default). A sliding window of
// `burst` calls per `burst / callsPerHour` hours keeps the long-run rate at the quota while letting
// short bursts through; every HTTP attempt, retries included, takes one slot.

import PQueue from 'p-queue';

export interface CallBudgetOptions {
  /** Long-run ceiling; default 2000 (the documented account quota). */
  readonly callsPerHour?: number;
  /** Calls allowed back to back before the rate applies; default 20. */
  readonly burst?: number;
  /** Requests in flight at once; default 8. */
  readonly concurrency?: number;
}

const HOUR_MS = 3_600_000;

export class CallBudget {
  private readonly queue: PQueue;
  // Closing rejects the calls still waiting: a throttled queue holds a timer (up to a whole window)
  // that would keep a stopped process alive.
  private readonly closing = new AbortController();
  readonly callsPerHour: number;
  readonly burst: number;

  constructor(options: CallBudgetOptions = {}) {
    this.callsPerHour = options.callsPerHour ?? 2000;
    this.burst = Math.max(1, Math.floor(options.burst ?? 20));
    if (!(this.callsPerHour > 0)) throw new RangeError('callsPerHour must be positive');
    this.queue = new PQueue({
      concurrency: options.concurrency ?? 8,
      intervalCap: this.burst,
      interval: Math.ceil((this.burst * HOUR_MS) / this.callsPerHour),
      strict: true,
    });
  }

  /** Runs `task` once a slot is free; an aborted signal (or `close`) drops it from the queue. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const stop = signal === undefined ? this.closing.signal : AbortSignal.any([signal, this.closing.signal]);
    if (stop.aborted) return Promise.reject(stop.reason instanceof Error ? stop.reason : new Error('call budget closed'));
    return this.queue.add(task, { signal: stop });
  }

  /** Rejects every waiting call and every later one; calls already sent finish. */
  close(): void {
    this.closing.abort(new Error('call budget closed'));
    this.queue.clear();
  }

  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.queue.size;
  }

  /** True while the window is full and calls are being held back. */
  get throttled(): boolean {
    return this.queue.isRateLimited;
  }
}
