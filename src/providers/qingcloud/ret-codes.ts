// Classification of every documented QingCloud ret_code (docs: development_docs/api/error_code.md).
// `retryable` is what the controller sees; `clientRetry` says whether the client itself repeats the
// call: only when the server certainly did nothing (transitional 1400, 5300) or, for calls that are
// safe to repeat, when the outcome is unknown (5000, 5100).

export type ClientRetry = 'no' | 'yes' | 'ifIdempotent' | 'resignOnce';

export interface RetCodeClass {
  /** Stable CamelCase reason for conditions and metrics. */
  readonly reason: string;
  readonly retryable: boolean;
  readonly clientRetry: ClientRetry;
  /** A hint for the controller's back-off when the client does not retry itself. */
  readonly retryAfterMs?: number;
}

const terminal = (reason: string): RetCodeClass => ({ reason, retryable: false, clientRetry: 'no' });

/** Codes whose class does not depend on the message. */
const FIXED: ReadonlyMap<number, RetCodeClass> = new Map<number, RetCodeClass>([
  [1100, terminal('MalformedRequest')],
  [1101, terminal('InvalidRequest')],
  [1200, terminal('AuthFailure')],
  [1300, { reason: 'RequestExpired', retryable: false, clientRetry: 'resignOnce' }],
  [1500, terminal('RegistrationFailed')],
  [1510, terminal('AccountExists')],
  [1520, terminal('InvalidAccountFormat')],
  [1600, terminal('LoginFailed')],
  [1610, terminal('UserNotFound')],
  [1620, terminal('PasswordMismatch')],
  [1630, terminal('PasswordResetFailed')],
  [1640, terminal('PasswordResetTooFrequent')],
  [1650, terminal('InvalidPasswordResetToken')],
  [1660, terminal('CredentialsMismatch')],
  [1661, terminal('RegistrationIncomplete')],
  [1662, terminal('UserForbidden')],
  [2000, terminal('SessionExpired')],
  [2100, terminal('ResourceNotFound')],
  [2110, terminal('ResourceAlreadyExists')],
  [2200, { reason: 'LeaseFailed', retryable: true, clientRetry: 'no', retryAfterMs: 30_000 }],
  [2300, { reason: 'UnleaseFailed', retryable: true, clientRetry: 'no', retryAfterMs: 30_000 }],
  [2400, terminal('InsufficientBalance')],
  [3300, terminal('InvalidApiModule')],
  [4000, terminal('InvalidLicense')],
  [4001, terminal('LicenseExpired')],
  [4002, terminal('DuplicateLicense')],
  [4003, terminal('LicenseLimitExceeded')],
  [4004, terminal('LicenseLoadFailed')],
  [4005, terminal('LicenseNotFound')],
  [5000, { reason: 'InternalError', retryable: true, clientRetry: 'ifIdempotent' }],
  [5100, { reason: 'ServerBusy', retryable: true, clientRetry: 'ifIdempotent' }],
  [5200, { reason: 'InsufficientCapacity', retryable: true, clientRetry: 'no', retryAfterMs: 60_000 }],
  [5300, { reason: 'ServiceUpdating', retryable: true, clientRetry: 'yes' }],
  [5400, terminal('DependencyExists')],
  [5500, terminal('WarehouseDisabled')],
  [5600, terminal('UnsupportedDiskType')],
  [8000, terminal('InvalidCommandParameter')],
  [8001, terminal('NoImageInConfig')],
  [8002, terminal('ImageNotInZone')],
  [8003, terminal('InvalidClusterConfig')],
  [8004, terminal('MissingConfigFile')],
]);

/** Every documented non-zero ret_code. */
export const DOCUMENTED_RET_CODES: readonly number[] = [...FIXED.keys(), 1400, 2500].sort((a, b) => a - b);

const LEASE_NOT_READY = /lease info not ready/i;
/** "is [creating]", "is [updating]", "try later", "try again later": the resource is mid-transition. */
const TRANSITIONAL = /is \[[a-z-]+ing\]|try (again )?later/i;
/** 2500 covers both resource quotas and the API-call quota; the latter names the API/requests/frequency. */
const API_RATE = /\bapi\b|request|frequen|rate limit/i;

function classifyPermissionDenied(message: string): RetCodeClass {
  if (LEASE_NOT_READY.test(message)) return { reason: 'LeaseNotReady', retryable: true, clientRetry: 'yes' };
  if (TRANSITIONAL.test(message)) return { reason: 'ResourceBusy', retryable: true, clientRetry: 'yes' };
  return terminal('PermissionDenied');
}

function classifyQuota(message: string): RetCodeClass {
  if (API_RATE.test(message)) {
    // The call quota resets by the hour/day: never hammer it from inside the client.
    return { reason: 'ApiCallQuotaExceeded', retryable: true, clientRetry: 'no', retryAfterMs: 5 * 60_000 };
  }
  return terminal('QuotaExceeded');
}

export function classifyRetCode(retCode: number, message: string): RetCodeClass {
  if (retCode === 1400) return classifyPermissionDenied(message);
  if (retCode === 2500) return classifyQuota(message);
  return FIXED.get(retCode) ?? terminal('UnknownRetCode');
}
