// `status` in every output format: the tables, the versioned document, or the objects' names.
import type { ReadFormat } from '../cli-command.js';
import type { StatusReport } from '../status-report.js';
import { cliDocument, renderDocument, type CliDocument } from './document.js';
import { objectName, renderNames } from './names.js';
import { renderStatusText } from './status-text.js';
import type { Style } from './style.js';

export type StatusDocument = CliDocument<'Status', StatusReport>;

export function statusDocument(report: StatusReport): StatusDocument {
  return cliDocument('Status', report);
}

/** The object that stands for each row: its network object, or what exists while it has none. */
export function statusNames(report: StatusReport): string[] {
  const noNetwork = new Set(report.problems.filter((p) => p.kind === 'Workspace' || p.kind === 'Namespace').map((p) => `${p.kind}/${p.name}`));
  return [
    ...report.workspaces.map((w) => (noNetwork.has(`Workspace/${w.name}`) ? objectName('workspace', w.name) : objectName('workspaceNetwork', w.name))),
    ...report.projects.map((p) => (noNetwork.has(`Namespace/${p.name}`) ? objectName('namespace', p.name) : objectName('projectNetwork', p.name))),
    ...report.connections.map((c) => objectName('projectConnection', c.name)),
  ];
}

export function renderStatus(report: StatusReport, format: ReadFormat, style: Style): string {
  switch (format) {
    case 'json':
    case 'yaml':
      return renderDocument(statusDocument(report), format);
    case 'name':
      return renderNames(statusNames(report));
    case 'table':
    case 'wide':
      return renderStatusText(report, style, { wide: format === 'wide' });
  }
}
