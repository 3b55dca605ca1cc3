// What a resilience test did, as one stderr line and a JSON file (figures for docs/reliability.md).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvariantReport } from './invariants.js';

export interface ChaosSummary {
  readonly test: string;
  readonly seed: number;
  readonly faultsInjected: number;
  readonly crashesSurvived: number;
  readonly convergences: number;
  readonly invariantChecks: number;
  readonly violations: number;
  /** Test-specific figures (rates, timings, counts). */
  readonly figures: Readonly<Record<string, number | string>>;
}

/** Counts what a test did while it runs. */
export class ChaosLedger {
  faultsInjected = 0;
  crashesSurvived = 0;
  convergences = 0;
  invariantChecks = 0;
  violations = 0;
  readonly figures: Record<string, number | string> = {};
  private readonly test: string;
  private readonly seed: number;

  constructor(test: string, seed: number) {
    this.test = test;
    this.seed = seed;
  }

  converged(report: InvariantReport): void {
    this.convergences++;
    this.invariantChecks += report.checks;
    this.violations += report.violations.length;
  }

  summary(): ChaosSummary {
    return { test: this.test, seed: this.seed, faultsInjected: this.faultsInjected, crashesSurvived: this.crashesSurvived, convergences: this.convergences, invariantChecks: this.invariantChecks, violations: this.violations, figures: { ...this.figures } };
  }
}

export function formatSummary(s: ChaosSummary): string {
  const figures = Object.entries(s.figures).map(([k, v]) => `${k}=${v}`).join(' ');
  return `[chaos] ${s.test} seed=${s.seed}: faults injected=${s.faultsInjected} crashes survived=${s.crashesSurvived} convergences=${s.convergences} invariant checks=${s.invariantChecks} violations=${s.violations}${figures === '' ? '' : ` | ${figures}`}`;
}

/** Prints the one-line summary to stderr and writes the JSON next to the system's temp files; returns its path. */
export function publishSummary(s: ChaosSummary): string {
  const path = join(tmpdir(), `tnc-chaos-${s.test}.json`);
  writeFileSync(path, `${JSON.stringify(s, null, 2)}\n`);
  process.stderr.write(`${formatSummary(s)} (${path})\n`);
  return path;
}
