// What a failed command tells the user and the exit code scripts see, for anything it throws.
import { KubeApiError } from '../kube/api-error.js';
import { errorMessage } from '../util/errors.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';

/** The exit code and message for anything a command throws. */
export function failureOf(err: unknown): { exitCode: ExitCode; message: string } {
  if (err instanceof CliError) return { exitCode: err.exitCode, message: err.message };
  if (err instanceof KubeApiError) {
    if (err.status === 0) return { exitCode: EXIT.unavailable, message: `cannot reach the API server: ${err.message}` };
    if (err.status === 401) return { exitCode: EXIT.forbidden, message: `the API server did not accept the credentials: ${err.message}` };
    if (err.status === 403) return { exitCode: EXIT.forbidden, message: `forbidden: ${err.message}` };
    if (err.status === 404) return { exitCode: EXIT.notFound, message: err.message };
  }
  return { exitCode: EXIT.error, message: errorMessage(err) };
}
