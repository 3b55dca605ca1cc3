// Waits for QingCloud jobs. All outstanding waits share one polling loop that asks about up to 100
// jobs per DescribeJobs call, so N concurrent operations cost about one call per tick, not N.

import { abortReason } from './backoff.js';
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
  readonly now?: () => number;
}

interface Waiter {
  readonly jobId: string;
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

export class JobWaiter {
  private readonly describe: DescribeJobsFn;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxMissingPolls: number;
  private readonly now: () => number;
  private readonly waiters = new Map<string, Waiter[]>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(describe: DescribeJobsFn, options: JobWaiterOptions = {}) {
    this.describe = describe;
    this.intervalMs = options.intervalMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.maxMissingPolls = options.maxMissingPolls ?? 5;
    this.now = options.now ?? Date.now;
  }

  /** Resolves when the job succeeds; rejects with a terminal `JobFailed` error when it fails. */
  wait(jobId: string, signal?: AbortSignal): Promise<JobStatusInfo> {
    return new Promise<JobStatusInfo>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        this.remove(waiter);
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        jobId,
        deadline: this.now() + this.timeoutMs,
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
    if (this.waiters.size === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private settle(jobId: string, settleOne: (w: Waiter) => void): void {
    const list = this.waiters.get(jobId) ?? [];
    this.waiters.delete(jobId);
    for (const waiter of list) {
      waiter.cleanup();
      settleOne(waiter);
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.polling || this.waiters.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, this.intervalMs);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      for (const ids of chunk([...this.waiters.keys()])) await this.pollBatch(ids);
      this.expire();
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private async pollBatch(ids: readonly string[]): Promise<void> {
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
