// Runs a table of attempts (hostile writes, malformed objects) and collects what each got back, so
// a test can check every row and print one summary line instead of stopping at the first surprise.
import { KubeApiError } from '../../../src/kube/api-error.js';
import { errorMessage } from '../../../src/util/errors.js';

/** What the apiserver (or anything else) answered to one attempt. */
export type AttemptOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** Pure: an attempt's settled result as an outcome (API errors are answers, anything else a failure). */
export function outcomeOf(settled: PromiseSettledResult<unknown>): AttemptOutcome {
  if (settled.status === 'fulfilled') return { kind: 'accepted' };
  const err: unknown = settled.reason;
  if (err instanceof KubeApiError && err.status > 0) return { kind: 'rejected', status: err.status, reason: err.apiReason, message: err.message };
  return { kind: 'failed', message: errorMessage(err) };
}

export interface AttemptRow {
  readonly name: string;
  /** The write (or read) being tried. */
  attempt(): Promise<unknown>;
  /** Throws (e.g. a failed expect) when the outcome or the cluster afterwards is not what it must be. */
  verify(outcome: AttemptOutcome): Promise<void> | void;
}

export interface AttemptReport {
  readonly tried: number;
  readonly outcomes: ReadonlyMap<string, AttemptOutcome>;
  /** `row: why` for each row whose verification threw. */
  readonly violations: readonly string[];
}

/** Runs rows one after the other; `afterEach` (e.g. an oracle check) counts as part of the row. */
export async function runAttempts(rows: readonly AttemptRow[], afterEach?: (row: AttemptRow) => Promise<void>): Promise<AttemptReport> {
  const outcomes = new Map<string, AttemptOutcome>();
  const violations: string[] = [];
  for (const row of rows) {
    if (outcomes.has(row.name)) throw new Error(`duplicate attempt name: ${row.name}`);
    const [settled] = await Promise.allSettled([row.attempt()]);
    const outcome = outcomeOf(settled);
    outcomes.set(row.name, outcome);
    try {
      await row.verify(outcome);
      await afterEach?.(row);
    } catch (err) {
      violations.push(`${row.name}: ${errorMessage(err)}`);
    }
  }
  return { tried: rows.length, outcomes, violations };
}

/** Throws unless the outcome is a rejection with `status` whose message contains every `fragments`. */
export function expectRejected(outcome: AttemptOutcome, status: number, ...fragments: readonly string[]): void {
  if (outcome.kind !== 'rejected') throw new Error(`expected HTTP ${status}, got ${describeOutcome(outcome)}`);
  if (outcome.status !== status) throw new Error(`expected HTTP ${status}, got ${describeOutcome(outcome)}`);
  const missing = fragments.filter((f) => !outcome.message.includes(f));
  if (missing.length > 0) throw new Error(`rejection message lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}: ${outcome.message}`);
}

export function expectAccepted(outcome: AttemptOutcome): void {
  if (outcome.kind !== 'accepted') throw new Error(`expected the write to be accepted, got ${describeOutcome(outcome)}`);
}

export function describeOutcome(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'accepted': return 'accepted';
    case 'rejected': return `HTTP ${outcome.status} ${outcome.reason}: ${outcome.message}`;
    case 'failed': return `failure: ${outcome.message}`;
  }
}
