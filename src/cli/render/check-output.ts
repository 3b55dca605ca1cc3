// `check` in every output format: a PASS/FAIL/SKIP line per part and a last line that sums it up.
import type { CheckReport, CheckStatus } from '../check/check-result.js';
import type { ReadFormat } from '../cli-command.js';
import { cliDocument, renderDocument } from './document.js';
import { renderNames } from './names.js';
import type { Style, Tone } from './style.js';
import { textTable } from './text-table.js';

const TONE: Readonly<Record<CheckStatus, Tone>> = { pass: 'good', fail: 'bad', skip: 'warn' };

export function renderCheckText(report: CheckReport, style: Style): string {
  const rows = report.checks.map((c) => [style.paint(TONE[c.status], c.status.toUpperCase()), c.name, c.message]);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const skipped = report.checks.filter((c) => c.status === 'skip').length;
  const summary = failed > 0 ? style.paint('bad', `${failed} of ${report.checks.length} checks failed.`) : style.paint('good', `Healthy${skipped === 0 ? '' : ` (${skipped} skipped: see above)`}.`);
  return `${textTable(['RESULT', 'CHECK', 'DETAILS'], rows)}\n\n${summary}\n`;
}

export function renderCheck(report: CheckReport, format: ReadFormat, style: Style): string {
  switch (format) {
    case 'json':
    case 'yaml':
      return renderDocument(cliDocument('CheckReport', report), format);
    case 'name':
      // The checks that failed, for scripts that only want to know what.
      return renderNames(report.checks.filter((c) => c.status === 'fail').map((c) => c.name));
    case 'table':
    case 'wide':
      return renderCheckText(report, style);
  }
}
