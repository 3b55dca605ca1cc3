// QingCloud failures translated into ControllerError at the client boundary. Messages name the
// action and ret_code only: never the URL, the signature or any credential.

import { ControllerError } from '../../util/errors.js';
import { classifyRetCode } from './ret-codes.js';

export class QingCloudApiError extends ControllerError {
  readonly action: string;
  /** The server's ret_code; absent for transport failures. */
  readonly retCode: number | undefined;

  constructor(
    code: string,
    message: string,
    details: { action: string; retCode?: number; retryable: boolean; retryAfterMs?: number },
  ) {
    super(code, message, {
      retryable: details.retryable,
      ...(details.retryAfterMs === undefined ? {} : { retryAfterMs: details.retryAfterMs }),
    });
    this.name = 'QingCloudApiError';
    this.action = details.action;
    this.retCode = details.retCode;
  }
}

export function isQingCloudApiError(err: unknown): err is QingCloudApiError {
  return err instanceof QingCloudApiError;
}

/** True when the error is the server's answer with this ret_code. */
export function hasRetCode(err: unknown, retCode: number): boolean {
  return isQingCloudApiError(err) && err.retCode === retCode;
}

export function apiErrorFromRetCode(action: string, retCode: number, serverMessage: string): QingCloudApiError {
  const cls = classifyRetCode(retCode, serverMessage);
  return new QingCloudApiError(cls.reason, `QingCloud ${action} failed: ret_code ${retCode}: ${serverMessage}`, {
    action,
    retCode,
    retryable: cls.retryable,
    ...(cls.retryAfterMs === undefined ? {} : { retryAfterMs: cls.retryAfterMs }),
  });
}
