// `matrix -o json|yaml`: the grid for scripts. Stable field order, ports only on port-limited cells.
import type { MatrixReport } from '../matrix-report.js';
import { cliDocument, renderDocument, type CliDocument } from './document.js';

export type MatrixJson = CliDocument<'ConnectivityMatrix', MatrixReport>;

export function matrixDocument(report: MatrixReport): MatrixJson {
  return cliDocument('ConnectivityMatrix', { workspaces: report.workspaces, projects: report.projects, cells: report.cells });
}

export function renderMatrixJson(report: MatrixReport, format: 'json' | 'yaml' = 'json'): string {
  return renderDocument(matrixDocument(report), format);
}
