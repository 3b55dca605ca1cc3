// Fault injection: per-action error codes (always, with a probability, or a number of times),
// added latency, dropped connections, and jobs that end `failed`.

import type { SeededRandom } from './rng.js';

export interface FaultRule {
  /** Action name; undefined or '*' matches every action. */
  readonly action?: string;
  /** Only calls one of whose parameter values contains this text (e.g. a resource's name). */
  readonly paramIncludes?: string;
  /** Answer with this ret_code instead of running the action. */
  readonly retCode?: number;
  /** Message for `retCode`; a realistic default is used otherwise. */
  readonly message?: string;
  /** Chance that the rule fires on a matching call; default 1. */
  readonly probability?: number;
  /** Fire at most this many times. */
  readonly count?: number;
  /** Delay the answer. */
  readonly latencyMs?: number;
  /**
   * Destroy the socket: `before` the action runs (nothing happened) or `after` it ran (the effect
   * happened but the caller never learns).
   */
  readonly drop?: 'before' | 'after';
  /** The call succeeds but its job ends `failed`. */
  readonly failJob?: boolean;
}

export interface FaultDecision {
  readonly latencyMs: number;
  readonly error?: { readonly retCode: number; readonly message: string };
  readonly drop?: 'before' | 'after';
  readonly failJob: boolean;
}

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  1400: 'PermissionDenied, resource is [updating], please try later',
  2500: 'QuotaExceeded, api request frequency exceeded the quota, please try later',
  5000: 'InternalError, an internal error occurred, please contact us',
  5100: 'ServerBusy, the server is busy, please try later',
  5200: 'ResourcesDeficit, insufficient backend resources',
  5300: 'ServiceUpdating, the service is updating, please try later',
};

export function defaultFaultMessage(retCode: number): string {
  return DEFAULT_MESSAGES[retCode] ?? `InjectedFault, simulated ret_code ${retCode}`;
}

export class FaultInjector {
  private rules: { rule: FaultRule; fired: number }[] = [];
  private readonly rng: SeededRandom;

  constructor(rng: SeededRandom) {
    this.rng = rng;
  }

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, fired: 0 }));
  }

  /** Rolls every matching rule once; the first error or drop that fires wins, latencies add up. */
  decide(action: string, paramValues: readonly string[] = []): FaultDecision {
    let latencyMs = 0;
    let error: FaultDecision['error'];
    let drop: FaultDecision['drop'];
    let failJob = false;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.action !== undefined && rule.action !== '*' && rule.action !== action) continue;
      const needle = rule.paramIncludes;
      if (needle !== undefined && !paramValues.some((v) => v.includes(needle))) continue;
      if (rule.count !== undefined && entry.fired >= rule.count) continue;
      if (this.rng.next() >= (rule.probability ?? 1)) continue;
      const wantsOutcome = rule.retCode !== undefined || rule.drop !== undefined || rule.failJob === true;
      // An outcome rule that cannot apply because another already won does not spend its count.
      if (wantsOutcome && (error !== undefined || drop !== undefined) && rule.latencyMs === undefined) continue;
      entry.fired += 1;
      latencyMs += rule.latencyMs ?? 0;
      if (error === undefined && drop === undefined) {
        if (rule.retCode !== undefined) error = { retCode: rule.retCode, message: rule.message ?? defaultFaultMessage(rule.retCode) };
        else if (rule.drop !== undefined) drop = rule.drop;
      }
      if (rule.failJob === true) failJob = true;
    }
    return { latencyMs, ...(error === undefined ? {} : { error }), ...(drop === undefined ? {} : { drop }), failJob };
  }
}
