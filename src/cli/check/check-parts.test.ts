import { describe, expect, it } from '@jest/globals';
import { checkExitCode, checkReport, fail, pass, skip } from './check-result.js';
import { leaderOf, readyEndpoints } from './controller-check.js';
import { selectorString } from './label-selector.js';
import { pickProject } from './webhook-check.js';
import { projectNetwork, READY_PJN } from '../snapshot.test-support.js';

const now = new Date('2024-01-01T00:00:30Z');
const lease = (holderIdentity: string, renewTime?: string) => ({ metadata: { name: 'l' }, spec: { holderIdentity, leaseDurationSeconds: 15, ...(renewTime === undefined ? {} : { renewTime }) } });

describe('check parts', () => {
  it('counts ready endpoints (no condition means ready)', () => {
    expect(readyEndpoints([{ endpoints: [{ conditions: { ready: true } }, { conditions: { ready: false } }, {}] }, { endpoints: null }])).toBe(2);
  });

  it('finds a live leader, or says why there is none', () => {
    expect(leaderOf(lease('pod-a', '2024-01-01T00:00:27Z'), now)).toEqual({ ok: true, text: 'leader pod-a (renewed 3s ago)' });
    expect(leaderOf(lease(''), now)).toEqual({ ok: false, text: 'no replica holds Lease l' });
    expect(leaderOf(lease('pod-a', '2024-01-01T00:00:10Z'), now)).toEqual({ ok: false, text: 'Lease l was last renewed by pod-a 20s ago (lease 15s): no live leader' });
  });

  it('turns a webhook namespaceSelector into the query the API server takes', () => {
    expect(selectorString({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'w', operator: 'Exists' }, { key: 'x', operator: 'DoesNotExist' }, { key: 'y', operator: 'In', values: ['1', '2'] }, { key: 'z', operator: 'NotIn', values: ['3'] }] }))
      .toBe('a=b,w,!x,y in (1,2),z notin (3)');
    expect(selectorString(undefined)).toBe('');
    expect(() => selectorString({ matchExpressions: [{ key: 'a', operator: 'Near' }] })).toThrow(/unknown label selector operator "Near"/);
  });

  it('picks the first Ready project the webhook selects', () => {
    const ready = (name: string) => projectNetwork(name, 'w', { status: READY_PJN('10.0.0.0/24', '10.0.0.1', name) });
    expect(pickProject(['b', 'c'], [ready('c'), ready('a'), ready('b')])?.metadata.name).toBe('b');
    expect(pickProject(['b'], [projectNetwork('b', 'w'), ready('a')])).toBeUndefined();
  });

  it('fails the installation only on a failed check, not a skipped one', () => {
    expect(checkExitCode(checkReport([pass('crds', ''), skip('webhook', '')]))).toBe(0);
    expect(checkExitCode(checkReport([pass('crds', ''), fail('controller', '')]))).toBe(6);
  });
});
