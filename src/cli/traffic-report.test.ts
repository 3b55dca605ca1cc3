import { describe, expect, it } from '@jest/globals';
import { snapshotGraph } from './model-input.js';
import { SAMPLE_NOW, sampleSnapshot } from './snapshot.test-support.js';
import { trafficReport } from './traffic-report.js';

const order = (sortBy: 'total' | 'ingress' | 'egress' | 'name', now = SAMPLE_NOW): string[] => {
  const s = sampleSnapshot();
  return trafficReport(s, snapshotGraph(s), { sortBy, now }).projects.map((p) => `${p.project}${p.stale ? ' (stale)' : ''}`);
};

describe('trafficReport', () => {
  it.each([
    ['total', ['api', 'web', 'ledger', 'audit', 'db']],
    ['ingress', ['web', 'api', 'ledger', 'audit', 'db']],
    ['egress', ['api', 'web', 'ledger', 'audit', 'db']],
    ['name', ['api', 'audit', 'db', 'ledger', 'web']],
  ] as const)('sorts by %s, projects without a sample last', (sortBy, expected) => {
    expect(order(sortBy)).toEqual(expected);
  });

  it('marks a sample older than three sampling periods as stale', () => {
    // The sample's settings sample every 300 s (the default): 15 minutes and one second is stale.
    expect(order('name', new Date('2024-01-01T00:15:01Z'))).toEqual(['api (stale)', 'audit', 'db', 'ledger (stale)', 'web (stale)']);
    expect(order('name', new Date('2024-01-01T00:15:00Z'))).toEqual(['api', 'audit', 'db', 'ledger', 'web']);
  });

  it('adds up what was sampled', () => {
    const s = sampleSnapshot();
    expect(trafficReport(s, snapshotGraph(s), { sortBy: 'total', now: SAMPLE_NOW }).totals).toEqual({ ingressBytesPerSecond: 1_302_000, egressBytesPerSecond: 10_110_000, sampled: 3, unsampled: 2 });
  });
});
