import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../../../src/kube/api-error.js';
import { expectRejected, outcomeOf, runAttempts, type AttemptOutcome } from './attempts.js';

const forbidden = new KubeApiError(403, 'Forbidden', 'PATCH /api/v1/namespaces/a: denied by policy', false);

describe('outcomeOf', () => {
  it.each<[string, PromiseSettledResult<unknown>, AttemptOutcome['kind']]>([
    ['a fulfilled write', { status: 'fulfilled', value: {} }, 'accepted'],
    ['an API rejection', { status: 'rejected', reason: forbidden }, 'rejected'],
    ['a connection failure (status 0)', { status: 'rejected', reason: new KubeApiError(0, '', 'ECONNRESET', true) }, 'failed'],
    ['a plain error', { status: 'rejected', reason: new Error('boom') }, 'failed'],
  ])('%s', (_name, settled, kind) => {
    expect(outcomeOf(settled).kind).toBe(kind);
  });
});

describe('expectRejected', () => {
  const outcome = outcomeOf({ status: 'rejected', reason: forbidden });
  it('passes on the right status and message', () => { expect(() => { expectRejected(outcome, 403, 'denied'); }).not.toThrow(); });
  it('fails on another status', () => { expect(() => { expectRejected(outcome, 422); }).toThrow('expected HTTP 422'); });
  it('fails when a fragment is missing', () => { expect(() => { expectRejected(outcome, 403, 'spec.cidr'); }).toThrow('lacks "spec.cidr"'); });
  it('fails on acceptance', () => { expect(() => { expectRejected({ kind: 'accepted' }, 403); }).toThrow('got accepted'); });
});

describe('runAttempts', () => {
  it('counts rows, keeps going past violations and runs afterEach per row', async () => {
    const after: string[] = [];
    const report = await runAttempts([
      { name: 'ok', attempt: () => Promise.reject(forbidden), verify: (o) => { expectRejected(o, 403); } },
      { name: 'bad', attempt: () => Promise.resolve(1), verify: (o) => { expectRejected(o, 403); } },
      { name: 'after fails', attempt: () => Promise.resolve(1), verify: () => undefined },
    ], (row) => {
      after.push(row.name);
      return row.name === 'after fails' ? Promise.reject(new Error('oracle mismatch')) : Promise.resolve();
    });
    expect(report.tried).toBe(3);
    expect(report.violations).toEqual(['bad: expected HTTP 403, got accepted', 'after fails: oracle mismatch']);
    expect(after).toEqual(['ok', 'after fails']);
  });

  it('rejects duplicate row names', async () => {
    const row = { name: 'x', attempt: () => Promise.resolve(), verify: () => undefined };
    await expect(runAttempts([row, row])).rejects.toThrow('duplicate');
  });
});
