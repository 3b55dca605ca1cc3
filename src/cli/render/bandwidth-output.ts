// `bandwidth` in every output format: the workspaces' defaults, then each project's applied limits
// marked with where they come from.
import type { AppliedLimit, BandwidthReport } from '../bandwidth-report.js';
import type { ReadFormat } from '../cli-command.js';
import { cliDocument, renderDocument } from './document.js';
import { objectName, renderNames } from './names.js';
import type { Style } from './style.js';
import { textTable } from './text-table.js';

const NONE = '-';

function appliedText(limit: AppliedLimit | undefined, style: Style): string {
  if (limit === undefined) return NONE;
  return limit.from === 'project' ? limit.limit : `${limit.limit} ${style.paint('dim', '(workspace)')}`;
}

export function renderBandwidthText(report: BandwidthReport, style: Style, options: { wide?: boolean } = {}): string {
  const sections: string[] = [];
  sections.push(
    report.workspaces.length === 0
      ? 'No WorkspaceNetworks.'
      : textTable(['WORKSPACE', 'INGRESS', 'EGRESS'], report.workspaces.map((w) => [w.name, w.limits.ingress ?? NONE, w.limits.egress ?? NONE])),
  );
  if (report.projects.length === 0) sections.push('No projects.');
  else {
    const wide = options.wide === true;
    sections.push(
      textTable(
        ['PROJECT', 'WORKSPACE', 'INGRESS', 'EGRESS', ...(wide ? ['OWN INGRESS', 'OWN EGRESS'] : [])],
        report.projects.map((p) => [p.name, p.workspace, appliedText(p.ingress, style), appliedText(p.egress, style), ...(wide ? [p.override.ingress ?? NONE, p.override.egress ?? NONE] : [])]),
      ),
    );
  }
  sections.push('Limits are per pod, in bits per second; a project\'s own limit wins over its workspace\'s, direction by direction.');
  return `${sections.join('\n\n')}\n`;
}

export function renderBandwidth(report: BandwidthReport, format: ReadFormat, style: Style): string {
  switch (format) {
    case 'json':
    case 'yaml':
      return renderDocument(cliDocument('BandwidthReport', report), format);
    case 'name':
      return renderNames([...report.workspaces.map((w) => objectName('workspaceNetwork', w.name)), ...report.projects.map((p) => objectName('projectNetwork', p.name))]);
    case 'table':
    case 'wide':
      return renderBandwidthText(report, style, { wide: format === 'wide' });
  }
}
