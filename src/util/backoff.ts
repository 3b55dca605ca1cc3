// Exponential backoff, shared by watches, the work queue, the webhook's certificate loop and the
// QingCloud client, and the abortable sleep they wait with.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Relative spread, 0..1: the delay is multiplied by a factor in [1 - jitter, 1 + jitter]. */
  readonly jitter: number;
}

/** Delay before attempt `failures + 1` after `failures` consecutive failures (failures ≥ 1). */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, failures - 1);
  // Cap the exponent first so large failure counts cannot overflow to Infinity.
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 52));
  const factor = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.min(policy.maxMs, Math.max(0, Math.round(base * factor)));
}

/** "Full jitter": a random delay in [0, min(max, base·2^attempt)], spreading the retries of many callers hit by one outage. */
export interface FullJitterBackoff {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Delay before retry number `attempt` (0 for the first retry); `random` returns [0, 1). */
export function fullJitterDelay(attempt: number, policy: FullJitterBackoff, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** The signal's reason as an Error (a bare `abort()` gives a DOMException, any other value is wrapped). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
