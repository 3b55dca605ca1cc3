import { describe, expect, it } from '@jest/globals';
import { apiErrorFromRetCode } from './errors.js';
import { DOCUMENTED_RET_CODES, classifyRetCode, type ClientRetry } from './ret-codes.js';

// Expected class of every code in the documented table (error_code.md), with a neutral message.
const EXPECTED: [code: number, reason: string, retryable: boolean, clientRetry: ClientRetry][] = [
  [1100, 'MalformedRequest', false, 'no'],
  [1101, 'InvalidRequest', false, 'no'],
  [1200, 'AuthFailure', false, 'no'],
  [1300, 'RequestExpired', false, 'resignOnce'],
  [1400, 'PermissionDenied', false, 'no'],
  [1500, 'RegistrationFailed', false, 'no'],
  [1510, 'AccountExists', false, 'no'],
  [1520, 'InvalidAccountFormat', false, 'no'],
  [1600, 'LoginFailed', false, 'no'],
  [1610, 'UserNotFound', false, 'no'],
  [1620, 'PasswordMismatch', false, 'no'],
  [1630, 'PasswordResetFailed', false, 'no'],
  [1640, 'PasswordResetTooFrequent', false, 'no'],
  [1650, 'InvalidPasswordResetToken', false, 'no'],
  [1660, 'CredentialsMismatch', false, 'no'],
  [1661, 'RegistrationIncomplete', false, 'no'],
  [1662, 'UserForbidden', false, 'no'],
  [2000, 'SessionExpired', false, 'no'],
  [2100, 'ResourceNotFound', false, 'no'],
  [2110, 'ResourceAlreadyExists', false, 'no'],
  [2200, 'LeaseFailed', true, 'no'],
  [2300, 'UnleaseFailed', true, 'no'],
  [2400, 'InsufficientBalance', false, 'no'],
  [2500, 'QuotaExceeded', false, 'no'],
  [3300, 'InvalidApiModule', false, 'no'],
  [4000, 'InvalidLicense', false, 'no'],
  [4001, 'LicenseExpired', false, 'no'],
  [4002, 'DuplicateLicense', false, 'no'],
  [4003, 'LicenseLimitExceeded', false, 'no'],
  [4004, 'LicenseLoadFailed', false, 'no'],
  [4005, 'LicenseNotFound', false, 'no'],
  [5000, 'InternalError', true, 'ifIdempotent'],
  [5100, 'ServerBusy', true, 'ifIdempotent'],
  [5200, 'InsufficientCapacity', true, 'no'],
  [5300, 'ServiceUpdating', true, 'yes'],
  [5400, 'DependencyExists', false, 'no'],
  [5500, 'WarehouseDisabled', false, 'no'],
  [5600, 'UnsupportedDiskType', false, 'no'],
  [8000, 'InvalidCommandParameter', false, 'no'],
  [8001, 'NoImageInConfig', false, 'no'],
  [8002, 'ImageNotInZone', false, 'no'],
  [8003, 'InvalidClusterConfig', false, 'no'],
  [8004, 'MissingConfigFile', false, 'no'],
];

describe('classifyRetCode', () => {
  it('covers exactly the documented codes', () => {
    expect([...DOCUMENTED_RET_CODES].sort((a, b) => a - b)).toEqual(EXPECTED.map(([code]) => code));
  });

  it.each(EXPECTED)('%i → %s (retryable %s, client retry %s)', (code, reason, retryable, clientRetry) => {
    const cls = classifyRetCode(code, 'SomeError, something happened');
    expect(cls).toMatchObject({ reason, retryable, clientRetry });
    const reasons = new Set(EXPECTED.map(([, r]) => r));
    expect(reasons.size).toBe(EXPECTED.length); // every code has its own reason
  });

  it.each([
    ['PermissionDenied, resource [eip-5ywkioa5] lease info not ready yet, please try later', 'LeaseNotReady', true],
    ['PermissionDenied, resource [ss-u90rxvl1] is [creating], please try later', 'ResourceBusy', true],
    ['PermissionDenied, resource [rtr-abc] is [updating], please try later', 'ResourceBusy', true],
    ['PermissionDenied, resource [rtr-abc] is [deleting]', 'ResourceBusy', true],
    ['PermissionDenied, the router is busy, please try again later', 'ResourceBusy', true],
    ['PermissionDenied, instance [i-2aypaijz] is not running, can not be stopped', 'PermissionDenied', false],
    ['PermissionDenied, vxnet [vxnet-a] is still joined to router [rtr-b], leave the router first', 'PermissionDenied', false],
    ['PermissionDenied, resource [rtr-abc] has already been [deleted]', 'PermissionDenied', false],
  ])('1400 "%s" → %s', (message, reason, retryable) => {
    const cls = classifyRetCode(1400, message);
    expect(cls.reason).toBe(reason);
    expect(cls.retryable).toBe(retryable);
    expect(cls.clientRetry).toBe(retryable ? 'yes' : 'no');
  });

  it.each([
    ['QuotaExceeded, resource quota of [router] exceeded, left [0], need [1]', 'QuotaExceeded', false],
    ['QuotaExceeded, api request frequency exceeded the quota, please try later', 'ApiCallQuotaExceeded', true],
    ['QuotaExceeded, API calls exceeded', 'ApiCallQuotaExceeded', true],
    ['QuotaExceeded, vxnet quota exceeded', 'QuotaExceeded', false],
  ])('2500 "%s" → %s', (message, reason, retryable) => {
    const cls = classifyRetCode(2500, message);
    expect(cls).toMatchObject({ reason, retryable, clientRetry: 'no' });
    if (retryable) expect(cls.retryAfterMs).toBeGreaterThanOrEqual(60_000);
  });

  it('unknown codes are terminal', () => {
    expect(classifyRetCode(9999, 'x')).toMatchObject({ reason: 'UnknownRetCode', retryable: false, clientRetry: 'no' });
  });
});

describe('apiErrorFromRetCode', () => {
  it('names action and ret_code and carries the class', () => {
    const err = apiErrorFromRetCode('JoinRouter', 5100, 'ServerBusy, busy');
    expect(err.message).toBe('QingCloud JoinRouter failed: ret_code 5100: ServerBusy, busy');
    expect(err).toMatchObject({ code: 'ServerBusy', retryable: true, retCode: 5100, action: 'JoinRouter' });
  });
});
