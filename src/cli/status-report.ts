// What `status` shows, as data: one row per workspace, project and connection, and a problem for
// everything that is not Ready (with the reason and message of its Ready condition).
import { KS_ANNOTATION_NETWORK_ISOLATE } from '../api/constants.js';
import { CONDITION_DEGRADED, CONDITION_READY, type Condition } from '../api/conditions.js';
import { projectConnectionSpecWithDefaults } from '../api/project-connection.js';
import { projectNetworkSpecWithDefaults } from '../api/project-network.js';
import { workspaceNetworkSchemaDefaults } from '../api/workspace-network.js';
import { compareStrings } from '../policy/order.js';
import { effectiveLimits, formatBitsPerSecond } from '../webhook/bandwidth-quantity.js';
import type { SnapshotGraph } from './model-input.js';
import { formatPort } from './port-spec.js';
import { byName, type ClusterSnapshot } from './snapshot.js';

/** Per-pod limits in bits per second, as quantities (`100M`); absent: no limit. */
export interface Limits {
  readonly ingress?: string;
  readonly egress?: string;
}

export interface WorkspaceRow {
  readonly name: string;
  readonly provider?: string;
  readonly cidr?: string;
  readonly vpcId?: string;
  readonly intraWorkspace: 'Allow' | 'Deny';
  readonly projects: number;
  /** The workspace's default limits for its projects (spec.bandwidth). */
  readonly bandwidth: Limits;
  readonly phase?: string;
  /** Reason of the Ready condition, when there is one. */
  readonly reason?: string;
}

export interface ProjectRow {
  readonly name: string;
  readonly workspace: string;
  readonly cidr?: string;
  readonly gateway?: string;
  readonly subnetId?: string;
  /** Effective isolation: `Isolated` by spec or by KubeSphere's namespace annotation. */
  readonly isolation: 'Inherit' | 'Isolated';
  readonly isolatedByAnnotation: boolean;
  /** The limits that apply to its pods: the project's per direction, else its workspace's. */
  readonly bandwidth: Limits;
  readonly phase?: string;
  readonly reason?: string;
}

export interface ConnectionRow {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly bidirectional: boolean;
  /** `TCP/80`…; empty: all ports. */
  readonly ports: readonly string[];
  readonly phase?: string;
  readonly reason?: string;
}

export interface Problem {
  readonly kind: 'Workspace' | 'WorkspaceNetwork' | 'Namespace' | 'ProjectNetwork' | 'ProjectConnection';
  readonly name: string;
  readonly phase?: string;
  readonly reason: string;
  readonly message: string;
}

export interface StatusReport {
  /** The workspace the report is limited to, if any. */
  readonly workspace?: string;
  readonly workspaces: readonly WorkspaceRow[];
  readonly projects: readonly ProjectRow[];
  readonly connections: readonly ConnectionRow[];
  readonly problems: readonly Problem[];
}

interface WithStatus {
  readonly metadata?: { readonly deletionTimestamp?: unknown };
  readonly status?: { readonly phase?: string; readonly conditions?: readonly Condition[] };
}

/** The reason of the Ready condition, as a row field. */
function readyReason(object: WithStatus | undefined): { reason?: string } {
  const reason = object?.status?.conditions?.find((c) => c.type === CONDITION_READY)?.reason;
  return reason === undefined ? {} : { reason };
}

/** Limits as quantities, each direction only when set. */
export function limitsOf(bits: { readonly ingress?: number; readonly egress?: number }): Limits {
  return {
    ...(bits.ingress === undefined ? {} : { ingress: formatBitsPerSecond(bits.ingress) }),
    ...(bits.egress === undefined ? {} : { egress: formatBitsPerSecond(bits.egress) }),
  };
}

/** Why an object is not Ready, from its conditions; undefined when it is. */
export function notReadyReason(object: WithStatus): { reason: string; message: string } | undefined {
  const conditions = object.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === CONDITION_READY);
  const degraded = conditions.find((c) => c.type === CONDITION_DEGRADED && c.status === 'True');
  if (ready?.status === 'True') return degraded === undefined ? undefined : { reason: degraded.reason, message: degraded.message };
  if (ready !== undefined) return { reason: ready.reason, message: ready.message };
  if (object.metadata?.deletionTimestamp !== undefined) return { reason: 'Deleting', message: 'being deleted' };
  return { reason: 'NotReconciled', message: 'the controller has not processed it yet (is the controller running?)' };
}

export function statusReport(snapshot: ClusterSnapshot, graph: SnapshotGraph, workspace?: string): StatusReport {
  const problems: Problem[] = [];
  const problem = (kind: Problem['kind'], name: string, object: WithStatus | undefined, fallback?: { reason: string; message: string }): void => {
    const why = object === undefined ? fallback : notReadyReason(object);
    if (why !== undefined) problems.push({ kind, name, ...(object?.status?.phase === undefined ? {} : { phase: object.status.phase }), ...why });
  };
  const inScope = (ws: string): boolean => workspace === undefined || ws === workspace;

  const wsns = byName(snapshot.workspaceNetworks);
  const workspaceNames = new Set([...snapshot.workspaces.map((w) => w.metadata?.name ?? ''), ...wsns.keys()]);
  const pjns = byName(snapshot.projectNetworks);
  const projectWorkspace = new Map<string, string>();
  for (const name of graph.projectNames()) projectWorkspace.set(name, graph.project(name)?.workspace ?? '');
  for (const [name, pjn] of pjns) if (!projectWorkspace.has(name)) projectWorkspace.set(name, pjn.spec.workspace);

  // Counted once: a scan per workspace is quadratic on a large cluster.
  const projectCounts = new Map<string, number>();
  for (const ws of projectWorkspace.values()) projectCounts.set(ws, (projectCounts.get(ws) ?? 0) + 1);
  const workspaces: WorkspaceRow[] = [];
  for (const name of [...workspaceNames].filter(inScope).sort(compareStrings)) {
    const wsn = wsns.get(name);
    const projects = projectCounts.get(name) ?? 0;
    if (wsn === undefined) {
      workspaces.push({ name, intraWorkspace: 'Allow', projects, bandwidth: {} });
      problem('Workspace', name, undefined, { reason: 'NoWorkspaceNetwork', message: 'no WorkspaceNetwork yet (is the controller running?)' });
      continue;
    }
    const spec = workspaceNetworkSchemaDefaults(wsn.spec);
    const s = wsn.status;
    const provider = s?.provider ?? wsn.spec.provider;
    workspaces.push({
      name,
      ...(provider === undefined ? {} : { provider }),
      ...(s?.cidr === undefined ? {} : { cidr: s.cidr }),
      ...(s?.vpcId === undefined ? {} : { vpcId: s.vpcId }),
      intraWorkspace: spec.intraWorkspace,
      projects,
      bandwidth: limitsOf(effectiveLimits(wsn.spec.bandwidth, undefined)),
      ...(s?.phase === undefined ? {} : { phase: s.phase }),
      ...readyReason(wsn),
    });
    problem('WorkspaceNetwork', name, wsn);
  }

  const namespaces = byName(snapshot.namespaces);
  const projects: ProjectRow[] = [];
  for (const [name, ws] of [...projectWorkspace].sort(([a, wa], [b, wb]) => compareStrings(wa, wb) || compareStrings(a, b))) {
    if (!inScope(ws)) continue;
    const pjn = pjns.get(name);
    const byAnnotation = namespaces.get(name)?.metadata?.annotations?.[KS_ANNOTATION_NETWORK_ISOLATE] === 'enabled';
    const bySpec = pjn !== undefined && projectNetworkSpecWithDefaults(pjn.spec).isolation === 'Isolated';
    const s = pjn?.status;
    projects.push({
      name,
      workspace: ws,
      ...(s?.cidr === undefined ? {} : { cidr: s.cidr }),
      ...(s?.gateway === undefined ? {} : { gateway: s.gateway }),
      ...(s?.subnetId === undefined ? {} : { subnetId: s.subnetId }),
      isolation: bySpec || byAnnotation ? 'Isolated' : 'Inherit',
      isolatedByAnnotation: byAnnotation && !bySpec,
      bandwidth: limitsOf(effectiveLimits(wsns.get(ws)?.spec.bandwidth, pjn?.spec.bandwidth)),
      ...(s?.phase === undefined ? {} : { phase: s.phase }),
      ...readyReason(pjn),
    });
    if (pjn === undefined) problem('Namespace', name, undefined, { reason: 'NoProjectNetwork', message: 'no ProjectNetwork yet (is the controller running?)' });
    else problem('ProjectNetwork', name, pjn);
  }

  const shownProjects = new Set(projects.map((p) => p.name));
  const connections: ConnectionRow[] = [];
  for (const c of [...snapshot.connections].sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''))) {
    const spec = projectConnectionSpecWithDefaults(c.spec);
    if (workspace !== undefined && !shownProjects.has(spec.from.project) && !shownProjects.has(spec.to.project)) continue;
    const name = c.metadata.name ?? '';
    connections.push({
      name,
      from: spec.from.project,
      to: spec.to.project,
      bidirectional: spec.bidirectional,
      ports: (spec.ports ?? []).map(formatPort),
      ...(c.status?.phase === undefined ? {} : { phase: c.status.phase }),
      ...readyReason(c),
    });
    problem('ProjectConnection', name, c);
  }
  return { ...(workspace === undefined ? {} : { workspace }), workspaces, projects, connections, problems };
}
