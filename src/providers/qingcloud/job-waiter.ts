// Waits for QingCloud jobs. All outstanding waits share one polling loop that asks about up to 100
// jobs per DescribeJobs call, so N concurrent operations cost about one call per tick, not N.
// A job is first asked about when jobs of its action have usually finished (learned from earlier
// waits), not after a fixed interval, so most jobs cost one poll instead of two; polls stay at
// least one interval apart, so many staggered jobs still cost at most one call per interval.

import { abortReason } from '../../util/backoff.js';
import { QingCloudApiError } from './errors.js';
import { chunk } from './paginate.js';

export interface JobStatusInfo {
  readonly job_id: string;
  readonly job_action?: string;
  readonly status: string;
  readonly error_codes?: string;
}

/** Fetches the current status of the given jobs (one API call). */
export type DescribeJobsFn = (jobIds: readonly string[]) => Promise<readonly JobStatusInfo[]>;

export interface JobWaiterOptions {
  /** Time between polls; default 2 s. */
  readonly intervalMs?: number;
  /** Give up on one job after this long; default 10 min. */
  readonly timeoutMs?: number;
  /** Polls in which a job may be absent from the answer before it counts as unknown; default 5. */
  readonly maxMissingPolls?: number;
  /** Learn per action when to ask first; default true (false: first poll after one interval). */
  readonly learnDurations?: boolean;
  readonly now?: () => number;
}

interface Waiter {
  readonly jobId: string;
  readonly action: string | undefined;
  readonly startedAt: number;
  /** When this job next needs asking about; any earlier poll asks about it too. */
  dueAt: number;
  readonly deadline: number;
  missing: number;
  readonly resolve: (info: JobStatusInfo) => void;
  readonly reject: (err: Error) => void;
  readonly cleanup: () => void;
}

export type JobOutcome = 'pending' | 'successful' | 'failed';

/** Terminal means neither pending nor working; anything but "successful" is a failure. */
export function jobOutcome(status: string): JobOutcome {
  if (status === 'pending' || status === 'working') return 'pending';
  return status === 'successful' ? 'successful' : 'failed';
}

/** Ask a little before the learned duration, so the estimate can come down as well as go up. */
const EARLY_FACTOR = 0.9;
/** Weight of the newest observation in the learned duration. */
const LEARNING_RATE = 0.3;

export class JobWaiter {
  private readonly describe: DescribeJobsFn;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxMissingPolls: number;
  private readonly learnDurations: boolean;
  private readonly now: () => number;
  private readonly waiters = new Map<string, Waiter[]>();
  /** Per action: how long after the wait began its jobs were seen finished (moving average). */
  private readonly learned = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private polling = false;

  constructor(describe: DescribeJobsFn, options: JobWaiterOptions = {}) {
    this.describe = describe;
    this.intervalMs = options.intervalMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.maxMissingPolls = options.maxMissingPolls ?? 5;
    this.learnDurations = options.learnDurations ?? true;
    this.now = options.now ?? Date.now;
  }

  /** How long after a wait for `action` begins its job is first asked about. */
  firstPollDelayMs(action: string | undefined): number {
    const learned = action === undefined || !this.learnDurations ? undefined : this.learned.get(action);
    if (learned === undefined) return this.intervalMs;
    return Math.min(4 * this.intervalMs, Math.max(this.intervalMs / 4, learned * EARLY_FACTOR));
  }

  private learn(action: string | undefined, elapsedMs: number): void {
    if (action === undefined || !this.learnDurations) return;
    const previous = this.learned.get(action);
    this.learned.set(action, previous === undefined ? elapsedMs : previous + LEARNING_RATE * (elapsedMs - previous));
  }

  /**
   * Resolves when the job succeeds; rejects with a terminal `JobFailed` error when it fails.
   * `action` (e.g. `JoinRouter`) lets the waiter learn when such jobs are usually done.
   */
  wait(jobId: string, signal?: AbortSignal, action?: string): Promise<JobStatusInfo> {
    return new Promise<JobStatusInfo>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        this.remove(waiter);
        reject(abortReason(signal));
      };
      const startedAt = this.now();
      const waiter: Waiter = {
        jobId,
        action,
        startedAt,
        // Whole milliseconds, as timers fire, so the poll for it counts as due.
        dueAt: startedAt + Math.ceil(this.firstPollDelayMs(action)),
        deadline: startedAt + this.timeoutMs,
        missing: 0,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const list = this.waiters.get(jobId) ?? [];
      list.push(waiter);
      this.waiters.set(jobId, list);
      this.schedule();
    });
  }

  /** Jobs being waited for. */
  get outstanding(): number {
    return this.waiters.size;
  }

  private remove(waiter: Waiter): void {
    const list = (this.waiters.get(waiter.jobId) ?? []).filter((w) => w !== waiter);
    if (list.length === 0) this.waiters.delete(waiter.jobId);
    else this.waiters.set(waiter.jobId, list);
    if (this.waiters.size === 0) this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private settle(jobId: string, settleOne: (w: Waiter) => void): void {
    const list = this.waiters.get(jobId) ?? [];
    this.waiters.delete(jobId);
    for (const waiter of list) {
      waiter.cleanup();
      settleOne(waiter);
    }
  }

  /** Sets the timer for the earliest due job (the loop reschedules itself after each poll). */
  private schedule(): void {
    if (this.polling || this.waiters.size === 0) return;
    let nextDue = Number.POSITIVE_INFINITY;
    for (const list of this.waiters.values()) for (const w of list) nextDue = Math.min(nextDue, w.dueAt);
    const at = Math.max(nextDue, this.lastPollAt + this.intervalMs);
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      void this.poll();
    }, Math.max(0, at - this.now()));
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const startedAt = this.now();
      this.lastPollAt = startedAt;
      for (const ids of chunk([...this.waiters.keys()])) await this.pollBatch(ids, startedAt);
      // Whatever was due and is still running is asked about again one interval from now.
      const next = this.now() + this.intervalMs;
      for (const list of this.waiters.values()) for (const w of list) if (w.dueAt <= startedAt) w.dueAt = next;
      this.expire();
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private async pollBatch(ids: readonly string[], polledAt: number): Promise<void> {
    let infos: readonly JobStatusInfo[];
    try {
      infos = await this.describe(ids);
    } catch (err) {
      // A retryable failure is simply tried again next tick; a terminal one fails these waits.
      if (err instanceof Error && 'retryable' in err && err.retryable === true) return;
      for (const id of ids) this.settle(id, (w) => { w.reject(err instanceof Error ? err : new Error(String(err))); });
      return;
    }
    const byId = new Map(infos.map((info) => [info.job_id, info]));
    for (const id of ids) {
      const info = byId.get(id);
      if (info === undefined) {
        this.countMissing(id);
        continue;
      }
      const outcome = jobOutcome(info.status);
      // Only a poll made when the job was due says how long it took: an earlier shared poll, or
      // one held back by the spacing between polls, would skew the estimate.
      if (outcome !== 'pending') {
        for (const w of this.waiters.get(id) ?? []) {
          if (w.dueAt <= polledAt && polledAt - w.dueAt <= this.intervalMs / 4) this.learn(w.action, polledAt - w.startedAt);
        }
      }
      if (outcome === 'successful') this.settle(id, (w) => { w.resolve(info); });
      if (outcome === 'failed') this.settle(id, (w) => { w.reject(jobFailedError(info)); });
    }
  }

  private countMissing(jobId: string): void {
    const list = this.waiters.get(jobId) ?? [];
    for (const waiter of list) waiter.missing += 1;
    if (list.some((w) => w.missing >= this.maxMissingPolls)) {
      this.settle(jobId, (w) => {
        w.reject(
          new QingCloudApiError('JobNotFound', `QingCloud job ${jobId} is not known to DescribeJobs`, {
            action: 'DescribeJobs',
            retryable: false,
          }),
        );
      });
    }
  }

  private expire(): void {
    const now = this.now();
    for (const [jobId, list] of [...this.waiters]) {
      for (const waiter of list.filter((w) => w.deadline <= now)) {
        this.remove(waiter);
        waiter.cleanup();
        waiter.reject(
          new QingCloudApiError('JobTimeout', `QingCloud job ${jobId} did not finish within ${this.timeoutMs} ms`, {
            action: 'DescribeJobs',
            retryable: true,
          }),
        );
      }
    }
  }
}

export function jobFailedError(info: JobStatusInfo): QingCloudApiError {
  const codes = info.error_codes === undefined || info.error_codes === '' ? '' : ` (error_codes ${info.error_codes})`;
  return new QingCloudApiError('JobFailed', `QingCloud job ${info.job_id} (${info.job_action ?? 'unknown action'}) ended ${info.status}${codes}`, {
    action: info.job_action ?? 'DescribeJobs',
    retryable: false,
  });
}
