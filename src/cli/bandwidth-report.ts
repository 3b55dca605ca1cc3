// What `bandwidth` shows, as data: each workspace's default per-pod limits, each project's own
// override, and the limit that applies to the project's new pods (the project's per direction, else
// its workspace's) with where it comes from — the webhook's own rule (effectiveLimits). Pure.
import type { Bandwidth } from '../api/bandwidth.js';
import { compareStrings } from '../policy/order.js';
import { bitsPerSecondOf, formatBitsPerSecond, type Direction } from '../webhook/bandwidth-quantity.js';
import type { SnapshotGraph } from './model-input.js';
import { byName, type ClusterSnapshot } from './snapshot.js';
import type { Limits } from './status-report.js';

export interface AppliedLimit {
  /** Bits per second as a quantity (`100M`). */
  readonly limit: string;
  readonly from: 'project' | 'workspace';
}

export interface BandwidthWorkspaceRow {
  readonly name: string;
  /** spec.bandwidth as written. */
  readonly limits: Limits;
}

export interface BandwidthProjectRow {
  readonly name: string;
  readonly workspace: string;
  /** The project's own spec.bandwidth as written. */
  readonly override: Limits;
  readonly ingress?: AppliedLimit;
  readonly egress?: AppliedLimit;
}

export interface BandwidthReport {
  readonly workspace?: string;
  readonly workspaces: readonly BandwidthWorkspaceRow[];
  readonly projects: readonly BandwidthProjectRow[];
}

/** The quantities as written, each direction only when set. */
export function writtenLimits(bandwidth: Bandwidth | undefined): Limits {
  return {
    ...(bandwidth?.ingress === undefined ? {} : { ingress: bandwidth.ingress }),
    ...(bandwidth?.egress === undefined ? {} : { egress: bandwidth.egress }),
  };
}

function applied(direction: Direction, workspace: Bandwidth | undefined, project: Bandwidth | undefined): { [d in Direction]?: AppliedLimit } {
  const own = bitsPerSecondOf(project?.[direction]);
  const inherited = bitsPerSecondOf(workspace?.[direction]);
  if (own !== undefined) return { [direction]: { limit: formatBitsPerSecond(own), from: 'project' } };
  if (inherited !== undefined) return { [direction]: { limit: formatBitsPerSecond(inherited), from: 'workspace' } };
  return {};
}

export function bandwidthReport(snapshot: ClusterSnapshot, graph: SnapshotGraph, workspace?: string): BandwidthReport {
  const wsns = byName(snapshot.workspaceNetworks);
  const pjns = byName(snapshot.projectNetworks);
  const inScope = (ws: string): boolean => workspace === undefined || ws === workspace;
  const workspaces = [...wsns.values()]
    .map((w) => ({ name: w.metadata.name ?? '', limits: writtenLimits(w.spec.bandwidth) }))
    .filter((w) => inScope(w.name))
    .sort((a, b) => compareStrings(a.name, b.name));
  const projects: BandwidthProjectRow[] = [];
  for (const name of graph.projectNames()) {
    const ws = graph.project(name)?.workspace ?? '';
    if (!inScope(ws)) continue;
    const own = pjns.get(name)?.spec.bandwidth;
    const inherited = wsns.get(ws)?.spec.bandwidth;
    projects.push({ name, workspace: ws, override: writtenLimits(own), ...applied('ingress', inherited, own), ...applied('egress', inherited, own) });
  }
  projects.sort((a, b) => compareStrings(a.workspace, b.workspace) || compareStrings(a.name, b.name));
  return { ...(workspace === undefined ? {} : { workspace }), workspaces, projects };
}
