// `matrix -o html`: a self-contained page (inline CSS, no scripts, no external resources) with the
// grid as a table: one header row, one header cell per row, one cell per ordered pair.
import type { MatrixEntry, MatrixReport } from '../matrix-report.js';
import { GLYPHS, portList } from './matrix-text.js';

export interface HtmlPageContext {
  /** When the snapshot was taken (ISO text), shown on the page. */
  readonly generatedAt: string;
  /** The kubeconfig context or server the snapshot came from. */
  readonly source: string;
}

/** Cell colours; the screenshot test looks for them, so they are solid and distinct. */
export const CELL_COLORS: Readonly<Record<MatrixEntry['allowed'], string>> = { all: '#1a7f37', ports: '#d4a017', none: '#e6e8eb' };

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const DESCRIPTIONS: Readonly<Record<MatrixEntry['allowed'], string>> = { all: 'all traffic', ports: 'only', none: 'nothing' };

function describe(cell: MatrixEntry): string {
  const what = cell.allowed === 'ports' ? `only ${portList(cell.ports)}` : DESCRIPTIONS[cell.allowed];
  return `${cell.from} \u2192 ${cell.to}: ${what}`;
}

const STYLE = `
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; margin: 24px; color: #1f2328; background: #ffffff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.meta { color: #59636e; margin: 0 0 16px; font-size: 13px; }
table#matrix { border-collapse: collapse; }
#matrix th { font-weight: normal; font-size: 13px; padding: 4px 6px; }
#matrix th.row { text-align: right; white-space: nowrap; }
#matrix th.col { vertical-align: bottom; height: 140px; }
#matrix th.col span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
#matrix th small { color: #59636e; }
#matrix td { width: 32px; height: 32px; min-width: 32px; text-align: center; font-size: 14px; border: 2px solid #ffffff; padding: 0; }
#matrix td.all { background: ${CELL_COLORS.all}; color: #ffffff; }
#matrix td.ports { background: ${CELL_COLORS.ports}; color: #1f2328; }
#matrix td.none { background: ${CELL_COLORS.none}; color: #8c959f; }
#matrix td.ws-start, #matrix th.col.ws-start { border-left: 3px solid #1f2328; }
#matrix tr.ws-start td, #matrix tr.ws-start th.row { border-top: 3px solid #1f2328; }
.legend span { display: inline-block; width: 14px; height: 14px; vertical-align: middle; margin: 0 4px 0 14px; }
.legend, .notes { font-size: 13px; margin-top: 16px; }
.notes li { margin: 2px 0; }
`;

export function renderMatrixHtml(report: MatrixReport, context: HtmlPageContext): string {
  const n = report.projects.length;
  const starts = new Set(report.projects.flatMap((p, i) => (i === 0 || report.projects[i - 1]?.workspace !== p.workspace ? [i] : [])));
  const label = (i: number): string => {
    const p = report.projects[i];
    if (p === undefined) return '';
    return `${escapeHtml(p.name)}${p.isolated ? ' (isolated)' : ''} <small>${escapeHtml(p.workspace)}</small>`;
  };
  const header = report.projects.map((_, j) => `<th class="col${starts.has(j) ? ' ws-start' : ''}" scope="col"><span>${label(j)}</span></th>`).join('');
  const body = report.projects
    .map((_, i) => {
      const cells = report.projects
        .map((_, j) => {
          const cell = report.cells[i * n + j];
          if (cell === undefined) return '<td></td>';
          const classes = [cell.allowed, ...(starts.has(j) ? ['ws-start'] : [])].join(' ');
          return `<td class="${classes}" data-from="${escapeHtml(cell.from)}" data-to="${escapeHtml(cell.to)}" data-allowed="${cell.allowed}" title="${escapeHtml(describe(cell))}">${GLYPHS[cell.allowed]}</td>`;
        })
        .join('');
      return `<tr${starts.has(i) ? ' class="ws-start"' : ''}><th class="row" scope="row">${label(i)}</th>${cells}</tr>`;
    })
    .join('\n');
  const limited = report.cells.filter((c) => c.allowed === 'ports' && c.from !== c.to);
  const denying = report.workspaces.filter((w) => w.intraWorkspace === 'Deny');
  const notes = [
    ...limited.map((c) => `<li>${escapeHtml(describe(c))}</li>`),
    ...denying.map((w) => `<li>workspace ${escapeHtml(w.name)}: intraWorkspace Deny (its projects connect only through ProjectConnections)</li>`),
  ];
  const grid = n === 0 ? '<p>No projects.</p>' : `<table id="matrix">\n<thead><tr><th class="corner">from \\ to</th>${header}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Project connectivity</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Project connectivity</h1>
<p class="meta">${n} projects in ${report.workspaces.length} workspaces &middot; ${escapeHtml(context.source)} &middot; ${escapeHtml(context.generatedAt)} &middot; rows: from, columns: to</p>
${grid}
<p class="legend"><span style="background:${CELL_COLORS.all}"></span>all traffic<span style="background:${CELL_COLORS.ports}"></span>some ports<span style="background:${CELL_COLORS.none}"></span>nothing</p>
${notes.length === 0 ? '' : `<ul class="notes">\n${notes.join('\n')}\n</ul>`}
</body>
</html>
`;
}
