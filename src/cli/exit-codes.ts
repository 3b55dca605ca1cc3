// Exit codes scripts can branch on (documented in `kubectl tenantnet --help` and docs/operations.md).

export const EXIT = {
  ok: 0,
  /** The API call failed or something unexpected happened. */
  error: 1,
  /** Bad command line: unknown command or flag, missing or malformed argument. */
  usage: 2,
  /** A named project, workspace or connection does not exist. */
  notFound: 3,
  /** The API server cannot be reached, or the sdn.kubesphere.io CRDs are not installed. */
  unavailable: 4,
  /** The API server refused the request (RBAC). */
  forbidden: 5,
  /** `check`: the installation is not healthy (a check failed). */
  checkFailed: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure of a command: a message for stderr and the exit code that goes with it. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function notFound(message: string): CliError {
  return new CliError(EXIT.notFound, message);
}
