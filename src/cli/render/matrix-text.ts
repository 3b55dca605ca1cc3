// `matrix` for a terminal: one row per source project, one numbered column per destination;
// `-o wide` writes the allowed ports into the port-limited cells instead of P.
import type { CanonicalPort } from '../../policy/index.js';
import type { MatrixEntry, MatrixReport } from '../matrix-report.js';
import { formatPort } from '../port-spec.js';
import type { Style } from './style.js';
import { textTable } from './text-table.js';

export const GLYPHS: Readonly<Record<MatrixEntry['allowed'], string>> = { all: 'Y', ports: 'P', none: '.' };

export function portList(ports: readonly CanonicalPort[] | undefined): string {
  return (ports ?? []).map(formatPort).join(', ');
}

export function renderMatrixText(report: MatrixReport, style: Style, options: { wide?: boolean } = {}): string {
  const wide = options.wide === true;
  const n = report.projects.length;
  if (n === 0) return 'No projects.\n';
  const glyph = (cell: MatrixEntry | undefined): string => {
    switch (cell?.allowed) {
      case 'all':
        return style.paint('good', GLYPHS.all);
      case 'ports':
        return style.paint('warn', wide ? (cell.ports ?? []).map(formatPort).join(',') : GLYPHS.ports);
      default:
        return style.paint('dim', GLYPHS.none);
    }
  };
  const indices = report.projects.map((_, i) => `${i + 1}`);
  const rows = report.projects.map((p, i) => [
    `${i + 1}`,
    p.workspace,
    p.isolated ? `${p.name} ${style.paint('warn', '(isolated)')}` : p.name,
    ...report.projects.map((_, j) => glyph(report.cells[i * n + j])),
  ]);
  const grid = textTable(['#', 'WORKSPACE', 'PROJECT (FROM \\ TO)', ...indices], rows, { rightAligned: [0, ...indices.map((_, j) => j + 3)] });

  const cross = report.cells.filter((c) => c.from !== c.to);
  const allowed = cross.filter((c) => c.allowed !== 'none');
  const limited = cross.filter((c) => c.allowed === 'ports');
  const lines = [
    grid,
    '',
    `${style.paint('good', GLYPHS.all)} all traffic   ${style.paint('warn', wide ? 'PROTO/PORT' : GLYPHS.ports)} ${wide ? 'only these ports' : 'some ports'}   ${style.paint('dim', GLYPHS.none)} nothing   (row = from, column = to)`,
    `${allowed.length} of ${cross.length} project pairs may connect${limited.length === 0 ? '' : `, ${limited.length} only on some ports`}.`,
  ];
  if (limited.length > 0 && !wide) {
    lines.push('', 'Port-limited:');
    lines.push(textTable(['FROM', 'TO', 'PORTS'], limited.map((c) => [c.from, c.to, portList(c.ports)]), { indent: '  ' }));
  }
  const denying = report.workspaces.filter((w) => w.intraWorkspace === 'Deny').map((w) => w.name);
  if (denying.length > 0) lines.push('', `intraWorkspace: Deny in ${denying.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
