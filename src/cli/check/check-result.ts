// The outcome of `check`: one line per part of an installation, and what they add up to. Pure.
import { EXIT, type ExitCode } from '../exit-codes.js';

export type CheckStatus = 'pass' | 'fail' | 'skip';
export type CheckName = 'settings' | 'controller' | 'crds' | 'webhook';

export interface CheckResult {
  readonly name: CheckName;
  readonly status: CheckStatus;
  readonly message: string;
}

export interface CheckReport {
  /** Every check, in the order they are listed. */
  readonly checks: readonly CheckResult[];
  readonly passed: boolean;
}

export function pass(name: CheckName, message: string): CheckResult {
  return { name, status: 'pass', message };
}

export function fail(name: CheckName, message: string): CheckResult {
  return { name, status: 'fail', message };
}

export function skip(name: CheckName, message: string): CheckResult {
  return { name, status: 'skip', message };
}

/** Skipped checks do not fail an installation: they say what could not be checked and why. */
export function checkReport(checks: readonly CheckResult[]): CheckReport {
  return { checks, passed: checks.every((c) => c.status !== 'fail') };
}

export function checkExitCode(report: CheckReport): ExitCode {
  return report.passed ? EXIT.ok : EXIT.checkFailed;
}
