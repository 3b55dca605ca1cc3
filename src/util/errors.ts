// Errors that cross a boundary carry a stable code and whether retrying can help. Foreign errors
// (HTTP, Kubernetes ApiException, QingCloud ret_code) are translated into these where they enter.

export class ControllerError extends Error {
  /** Stable, CamelCase reason; it ends up in a condition's `reason`. */
  readonly code: string;
  /** True when the same call may succeed later without any change (throttled, busy, transitional). */
  readonly retryable: boolean;
  /** Optional hint for how long to wait before retrying. */
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ControllerError';
    this.code = code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function retryableError(code: string, message: string, cause?: unknown, retryAfterMs?: number): ControllerError {
  return new ControllerError(code, message, { retryable: true, cause, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

export function terminalError(code: string, message: string, cause?: unknown): ControllerError {
  return new ControllerError(code, message, { retryable: false, cause });
}

export function isControllerError(err: unknown): err is ControllerError {
  return err instanceof ControllerError;
}

/** Message of any thrown value, for logs and conditions. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
