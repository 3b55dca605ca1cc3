// `matrix -o json`: the grid for scripts. Stable field order, ports only on port-limited cells.
import type { MatrixReport } from '../matrix-report.js';

export interface MatrixJson {
  readonly kind: 'ConnectivityMatrix';
  readonly workspaces: MatrixReport['workspaces'];
  readonly projects: MatrixReport['projects'];
  readonly cells: MatrixReport['cells'];
}

export function renderMatrixJson(report: MatrixReport): string {
  const document: MatrixJson = { kind: 'ConnectivityMatrix', workspaces: report.workspaces, projects: report.projects, cells: report.cells };
  return `${JSON.stringify(document, null, 2)}\n`;
}
