// `top` in every output format: busiest projects first with their rates and sample age.
import type { ReadFormat } from '../cli-command.js';
import type { TrafficReport } from '../traffic-report.js';
import { cliDocument, renderDocument } from './document.js';
import { objectName, renderNames } from './names.js';
import { limitsText } from './status-text.js';
import type { Style } from './style.js';
import { textTable } from './text-table.js';
import { formatAge, formatRate } from './units.js';


const NONE = '-';

export function renderTopText(report: TrafficReport, style: Style, options: { wide?: boolean } = {}): string {
  const wide = options.wide === true;
  if (report.projects.length === 0) return report.workspace === undefined ? 'No projects.\n' : `No projects in workspace ${report.workspace}.\n`;
  const rate = (value: number | undefined): string => (value === undefined ? NONE : formatRate(value));
  const rows = report.projects.map((r) => [
    r.project,
    r.workspace,
    rate(r.ingressBytesPerSecond),
    rate(r.egressBytesPerSecond),
    r.ageSeconds === undefined ? style.paint('dim', 'never') : r.stale ? style.paint('warn', `${formatAge(r.ageSeconds)} (stale)`) : formatAge(r.ageSeconds),
    ...(wide ? [limitsText(r.bandwidth)] : []),
  ]);
  const table = textTable(['PROJECT', 'WORKSPACE', 'IN', 'OUT', 'SAMPLED', ...(wide ? ['LIMIT IN/OUT PER POD'] : [])], rows, { rightAligned: [2, 3] });
  const t = report.totals;
  const lines = [table, '', `Total: ${formatRate(t.ingressBytesPerSecond)} in, ${formatRate(t.egressBytesPerSecond)} out over ${t.sampled} sampled project${t.sampled === 1 ? '' : 's'}${t.unsampled === 0 ? '' : `; ${t.unsampled} not sampled yet`}.`];
  if (!report.samplingEnabled) lines.push(style.paint('warn', 'Traffic sampling is off in the controller\'s settings (traffic.enabled: false): these figures do not change.'));
  else if (t.sampled === 0) lines.push(`The controller samples every ${report.periodSeconds} s when it has a source (traffic.prometheusUrl, or QingCloud's monitoring).`);
  return `${lines.join('\n')}\n`;
}

export function renderTop(report: TrafficReport, format: ReadFormat, style: Style): string {
  switch (format) {
    case 'json':
    case 'yaml':
      return renderDocument(cliDocument('TrafficReport', report), format);
    case 'name':
      return renderNames(report.projects.map((r) => objectName('projectNetwork', r.project)));
    case 'table':
    case 'wide':
      return renderTopText(report, style, { wide: format === 'wide' });
  }
}
