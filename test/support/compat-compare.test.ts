import { describe, expect, it } from '@jest/globals';
import { compareTables } from './compat-compare.js';

const table = (version: string, rows: [string, string][]) => ({ suite: 's', version, rows: rows.map(([name, verdict]) => ({ name, verdict })) });

describe('compareTables', () => {
  it('puts both versions side by side and counts no difference when every verdict agrees', () => {
    const report = compareTables(table('v1.27.16', [['relabel', 'refused 403'], ['own policy', 'accepted']]), table('v1.36.3', [['own policy', 'accepted'], ['relabel', 'refused 403']]));
    expect(report.differences).toBe(0);
    expect(report.text).toMatch(/relabel\s+refused 403\s+refused 403/);
    expect(report.text).toContain('same on both');
  });

  it('marks rows whose verdicts differ or that one version lacks', () => {
    const report = compareTables(table('v1.27.16', [['relabel', 'accepted']]), table('v1.36.3', [['relabel', 'refused 403'], ['extra', 'accepted']]));
    expect(report.differences).toBe(2);
    expect(report.text).toMatch(/^! relabel\s+accepted\s+refused 403$/m);
    expect(report.text).toMatch(/^! extra\s+\(missing\)\s+accepted$/m);
  });
});
