import { describe, expect, it } from '@jest/globals';
import { allowanceBetween } from '../policy/index.js';
import { matrixReport, type MatrixEntry, type MatrixReport } from './matrix-report.js';
import { connectivityInputOf, snapshotGraph } from './model-input.js';
import { sampleSnapshot } from './snapshot.test-support.js';

const cellAt = (report: MatrixReport, row: number, column: number): MatrixEntry | undefined => report.cells[row * report.projects.length + column];

const snapshot = sampleSnapshot();
const input = connectivityInputOf(snapshotGraph(snapshot), snapshot.settings);

describe('matrixReport', () => {
  it('orders projects by workspace, then name', () => {
    expect(matrixReport(input).projects.map((p) => `${p.workspace}/${p.name}`)).toEqual(['bank/audit', 'bank/ledger', 'shop/api', 'shop/db', 'shop/web']);
  });

  it('has one cell per ordered pair, row-major, each what the model allows', () => {
    const report = matrixReport(input);
    const n = report.projects.length;
    expect(report.cells).toHaveLength(n * n);
    report.projects.forEach((from, i) => {
      report.projects.forEach((to, j) => {
        const cell = cellAt(report, i, j);
        const allowance = allowanceBetween(input, { namespace: from.name }, { namespace: to.name });
        expect(cell).toEqual({ from: from.name, to: to.name, allowed: allowance.kind, ...(allowance.kind === 'ports' ? { ports: allowance.ports } : {}) });
      });
    });
  });

  const grid = (workspaces: string[] = []): string[] => {
    const report = matrixReport(input, workspaces);
    return report.projects.map((p, i) => `${p.name}: ${report.projects.map((_, j) => cellAt(report, i, j)?.allowed[0] ?? '?').join('')}`);
  };

  it('shows the sample cluster as expected', () => {
    // all/ports/none as a/p/n; columns audit ledger api db web.
    expect(grid()).toEqual([
      'audit: annan', // bank denies intra traffic; audit -> db one-way
      'ledger: napnn', // ledger <-> api on TCP/8443
      'api: npana', // db is isolated
      'db: nnnan', // the one-way connection does not open db -> audit
      'web: nnana',
    ]);
  });

  it('limits the grid to the named workspaces and their rules', () => {
    expect(grid(['shop'])).toEqual(['api: ana', 'db: nan', 'web: ana']);
    expect(matrixReport(input, ['bank']).workspaces).toEqual([{ name: 'bank', intraWorkspace: 'Deny' }]);
    expect(matrixReport(input, ['nothing']).projects).toEqual([]);
  });
});
