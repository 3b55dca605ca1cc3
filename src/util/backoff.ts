// Exponential backoff with jitter, shared by watches, the work queue and provider clients.

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

/** Resolves after `ms`, or rejects early with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
