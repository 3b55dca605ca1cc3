// `status` for a terminal: three kubectl-style tables and the reasons for anything not Ready;
// `-o wide` adds each row's Ready reason and the bandwidth limits.
import type { Limits, StatusReport } from '../status-report.js';
import { phaseTone, type Style } from './style.js';
import { textTable } from './text-table.js';

const NONE = '-';

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** `100M/50M` (in/out); `-` for a direction without a limit. */
export function limitsText(limits: Limits): string {
  return limits.ingress === undefined && limits.egress === undefined ? NONE : `${limits.ingress ?? NONE}/${limits.egress ?? NONE}`;
}

export function renderStatusText(report: StatusReport, style: Style, options: { wide?: boolean } = {}): string {
  const wide = options.wide === true;
  const phase = (p: string | undefined): string => style.paint(phaseTone(p), p ?? 'Unknown');
  const extra = (headers: readonly string[]): readonly string[] => (wide ? headers : []);
  const sections: string[] = [];
  if (report.workspaces.length === 0) {
    sections.push(report.workspace === undefined ? 'No workspaces.' : `No workspace ${report.workspace}.`);
  } else {
    sections.push(
      textTable(
        ['WORKSPACE', 'PROVIDER', 'VPC CIDR', 'VPC ID', 'INTRA', 'PROJECTS', ...extra(['BANDWIDTH IN/OUT']), 'PHASE', ...extra(['REASON'])],
        report.workspaces.map((w) => [
          w.name, w.provider ?? NONE, w.cidr ?? NONE, w.vpcId ?? NONE, w.intraWorkspace === 'Deny' ? style.paint('warn', 'Deny') : 'Allow', `${w.projects}`,
          ...extra([limitsText(w.bandwidth)]), phase(w.phase), ...extra([w.reason ?? NONE]),
        ]),
      ),
    );
  }
  sections.push(
    report.projects.length === 0
      ? 'No projects.'
      : textTable(
          ['PROJECT', 'WORKSPACE', 'SUBNET', 'GATEWAY', 'SUBNET ID', 'ISOLATION', ...extra(['BANDWIDTH IN/OUT']), 'PHASE', ...extra(['REASON'])],
          report.projects.map((p) => [
            p.name,
            p.workspace,
            p.cidr ?? NONE,
            p.gateway ?? NONE,
            p.subnetId ?? NONE,
            p.isolation === 'Isolated' ? style.paint('warn', p.isolatedByAnnotation ? 'Isolated (annotation)' : 'Isolated') : 'Inherit',
            ...extra([limitsText(p.bandwidth)]),
            phase(p.phase),
            ...extra([p.reason ?? NONE]),
          ]),
        ),
  );
  if (report.connections.length > 0) {
    sections.push(
      textTable(
        ['CONNECTION', 'FROM', 'TO', 'DIRECTION', 'PORTS', 'PHASE', ...extra(['REASON'])],
        report.connections.map((c) => [c.name, c.from, c.to, c.bidirectional ? 'both' : 'one-way', c.ports.length === 0 ? 'all' : c.ports.join(','), phase(c.phase), ...extra([c.reason ?? NONE])]),
      ),
    );
  }
  if (report.problems.length === 0) {
    const total = `${count(report.workspaces.length, 'workspace')}, ${count(report.projects.length, 'project')}, ${count(report.connections.length, 'connection')}`;
    sections.push(style.paint('good', `Everything is Ready: ${total}.`));
  } else {
    const rows = report.problems.map((p) => [`${p.kind}/${p.name}`, phase(p.phase), `${style.paint('bad', p.reason)}: ${p.message}`]);
    sections.push(`${style.paint('bold', `Not ready (${report.problems.length}):`)}\n${textTable(['OBJECT', 'PHASE', 'REASON'], rows, { indent: '  ' })}`);
  }
  return `${sections.join('\n\n')}\n`;
}
