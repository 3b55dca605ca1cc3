import { describe, expect, it } from '@jest/globals';
import { isAlreadyExists, isConflict, isExpired, isForbidden, isNotFound, kubeApiErrorFrom, networkError } from './api-error.js';

describe('kubeApiErrorFrom', () => {
  it.each([
    [404, 'NotFound', false],
    [403, 'Forbidden', false],
    [422, 'Invalid', false],
    [400, 'BadRequest', false],
    [409, 'Conflict', true],
    [409, 'AlreadyExists', false],
    [429, 'TooManyRequests', true],
    [500, 'InternalError', true],
    [503, 'ServiceUnavailable', true],
    [504, 'Timeout', true],
  ])('%i %s → retryable=%s', (status, reason, retryable) => {
    const err = kubeApiErrorFrom(status, { reason, message: 'm' }, 'GET', '/x');
    expect(err.retryable).toBe(retryable);
    expect(err.code).toBe(reason);
    expect(err.message).toBe('GET /x: m');
  });

  it('keeps the server retry hint', () => {
    expect(kubeApiErrorFrom(429, { reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } }, 'GET', '/x').retryAfterMs).toBe(3000);
  });

  it('names a status without a body', () => {
    expect(kubeApiErrorFrom(502, undefined, 'GET', '/x').code).toBe('Http502');
  });

  it('classifies with predicates', () => {
    expect(isNotFound(kubeApiErrorFrom(404, { reason: 'NotFound' }, 'GET', '/'))).toBe(true);
    expect(isConflict(kubeApiErrorFrom(409, { reason: 'Conflict' }, 'GET', '/'))).toBe(true);
    expect(isConflict(kubeApiErrorFrom(409, { reason: 'AlreadyExists' }, 'GET', '/'))).toBe(false);
    expect(isAlreadyExists(kubeApiErrorFrom(409, { reason: 'AlreadyExists' }, 'GET', '/'))).toBe(true);
    expect(isExpired(kubeApiErrorFrom(410, { reason: 'Expired' }, 'GET', '/'))).toBe(true);
    expect(isNotFound(new Error('x'))).toBe(false);
    expect(isForbidden(kubeApiErrorFrom(403, { reason: 'Forbidden' }, 'GET', '/'))).toBe(true);
    expect(isForbidden(kubeApiErrorFrom(401, { reason: 'Unauthorized' }, 'GET', '/'))).toBe(false);
  });

  it('treats network failures as retryable', () => {
    const err = networkError('GET', '/x', new Error('ECONNREFUSED'));
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(0);
  });
});
