// `why` in every output format. The table form is a short verdict, the rule in words, both ends, and
// (with -o wide, or whenever connections decide) the connections between them and the policies that
// enforce it.
import type { ReadFormat } from '../cli-command.js';
import type { WhyEnd, WhyReport } from '../why-report.js';
import { cliDocument, renderDocument, type CliDocument } from './document.js';
import { objectName, renderNames } from './names.js';
import type { Style } from './style.js';
import { textTable } from './text-table.js';

export type WhyDocument = CliDocument<'FlowExplanation', WhyReport>;

export function whyDocument(report: WhyReport): WhyDocument {
  return cliDocument('FlowExplanation', report);
}

function describeEnd(end: WhyEnd): string {
  const pod = end.pod === undefined ? '' : `pod ${end.pod} in `;
  switch (end.kind) {
    case 'project':
      return `${pod}project ${end.namespace ?? ''} (workspace ${end.workspace ?? ''}${end.isolated === true ? ', isolated' : ''})`;
    case 'system':
      return `${pod}system namespace ${end.namespace ?? ''}`;
    case 'other':
      return `${pod}namespace ${end.namespace ?? ''} (not a project)`;
    case 'outside':
      return `address ${end.ip ?? ''}`;
  }
}

function verdict(report: WhyReport, style: Style): string {
  const flow = `${report.from.text} -> ${report.to.text}`;
  if (report.port !== undefined) return report.allowed ? `${style.paint('good', 'ALLOWED')}  ${flow} on ${report.port}` : `${style.paint('bad', 'DENIED')}  ${flow} on ${report.port}`;
  switch (report.allowance.kind) {
    case 'all':
      return `${style.paint('good', 'ALLOWED')}  ${flow}, every port`;
    case 'ports':
      return `${style.paint('warn', 'ALLOWED')}  ${flow}, only on ${(report.allowance.ports ?? []).join(', ')}`;
    case 'none':
      return `${style.paint('bad', 'DENIED')}  ${flow}, every port`;
  }
}

export function renderWhyText(report: WhyReport, style: Style, options: { wide?: boolean } = {}): string {
  const lines = [
    verdict(report, style),
    `rule:  ${style.paint('bold', report.rule.id)}: ${report.rule.text}`,
    `from:  ${describeEnd(report.from)}`,
    `to:    ${describeEnd(report.to)}`,
  ];
  const showConnections = report.connections.length > 0 && (options.wide === true || report.rule.id.startsWith('connection'));
  if (showConnections) {
    lines.push('', 'ProjectConnections in this direction:');
    lines.push(textTable(['NAME', 'FROM', 'TO', 'DIRECTION', 'PORTS', report.port === undefined ? 'ALLOWS' : `ALLOWS ${report.port}`],
      report.connections.map((c) => [c.name, c.from, c.to, c.bidirectional ? 'both' : 'one-way', c.ports.length === 0 ? 'all' : c.ports.join(','), c.admits ? 'yes' : 'no']), { indent: '  ' }));
  }
  if (options.wide === true && report.enforcedBy.length > 0) lines.push('', `enforced by NetworkPolicy ${report.enforcedBy.join(' and ')}`);
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `note: ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The objects that decide: the connections, the workspace, the isolated projects, the namespace. */
export function whyNames(report: WhyReport): string[] {
  switch (report.rule.id) {
    case 'connection':
    case 'connection-ports':
      return report.connections.filter((c) => report.rule.id === 'connection-ports' || c.admits).map((c) => objectName('projectConnection', c.name));
    case 'same-workspace':
    case 'intra-workspace-deny':
      return [objectName('workspaceNetwork', report.from.workspace ?? '')];
    case 'isolated':
      return [report.from, report.to].filter((e) => e.isolated === true).map((e) => objectName('projectNetwork', e.namespace ?? ''));
    case 'same-project':
      return [objectName('projectNetwork', report.from.namespace ?? '')];
    case 'system-namespace':
    case 'allowed-ingress-namespace':
    case 'unmanaged-ingress':
    case 'egress-isolation':
      return [report.from, report.to].filter((e) => e.kind === 'system' || e.kind === 'other').map((e) => objectName('namespace', e.namespace ?? ''));
    case 'other-workspace':
      return [objectName('workspaceNetwork', report.from.workspace ?? ''), objectName('workspaceNetwork', report.to.workspace ?? '')];
    case 'egress-open':
    case 'pod-range':
    case 'denied-egress':
    case 'outside':
    case 'allowed-ingress-cidr':
    case 'outside-ingress':
    case 'not-managed':
      return [];
  }
}

export function renderWhy(report: WhyReport, format: ReadFormat, style: Style): string {
  switch (format) {
    case 'json':
    case 'yaml':
      return renderDocument(whyDocument(report), format);
    case 'name':
      return renderNames(whyNames(report));
    case 'table':
    case 'wide':
      return renderWhyText(report, style, { wide: format === 'wide' });
  }
}
