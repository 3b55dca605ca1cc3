// Joins that run on after the ensureSubnet call that started them. Joins to one router run one at
// a time and each waits for a job, so a reconcile worker that waited for its turn would sit idle
// behind the others; instead the join goes on here and the caller is told "not ready yet". Its
// next call collects the outcome, without an API call.

import { abortReason } from '../../util/backoff.js';
import type { SubnetState } from '../contract.js';

export type JoinOutcome = { readonly ok: true; readonly state: SubnetState } | { readonly ok: false; readonly error: unknown };

export interface JoinTask {
  readonly routerId: string;
  readonly vxnetId: string;
  readonly cidr: string;
  /** Settles when the join does; never rejects (the outcome says how it went). */
  readonly done: Promise<void>;
  outcome: JoinOutcome | undefined;
}

export class BackgroundJoins {
  private readonly tasks = new Map<string, JoinTask>();

  /** Starts `join` for the subnet `name`, replacing nothing: callers settle an earlier task first. */
  start(name: string, target: { routerId: string; vxnetId: string; cidr: string }, join: () => Promise<SubnetState>): JoinTask {
    const task: JoinTask = {
      ...target,
      outcome: undefined,
      done: join().then(
        (state) => { task.outcome = { ok: true, state }; },
        (error: unknown) => { task.outcome = { ok: false, error }; },
      ),
    };
    this.tasks.set(name, task);
    return task;
  }

  get(name: string): JoinTask | undefined {
    return this.tasks.get(name);
  }

  /** The outcome of a finished task, handed out once; undefined while it runs or when there is none. */
  take(name: string): JoinOutcome | undefined {
    const outcome = this.tasks.get(name)?.outcome;
    if (outcome !== undefined) this.tasks.delete(name);
    return outcome;
  }

  /** Waits for the subnet's task, if any, and forgets it (before deleting or re-planning the subnet). */
  async settle(name: string): Promise<void> {
    const task = this.tasks.get(name);
    if (task === undefined) return;
    await task.done;
    if (this.tasks.get(name) === task) this.tasks.delete(name);
  }

  /** Joins started and not yet collected. */
  get size(): number {
    return this.tasks.size;
  }
}

/** Resolves when `promise` does, or rejects as soon as `signal` aborts (the promise runs on). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(abortReason(signal)); };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
