// What `status` shows, as data: one row per workspace, project and connection, and a problem for
// everything that is not Ready (with the reason and message of its Ready condition).
import { KS_ANNOTATION_NETWORK_ISOLATE } from '../api/constants.js';
import { CONDITION_DEGRADED, CONDITION_READY, type Condition } from '../api/conditions.js';
import { projectConnectionSpecWithDefaults } from '../api/project-connection.js';
import { projectNetworkSpecWithDefaults } from '../api/project-network.js';
import { workspaceNetworkSchemaDefaults } from '../api/workspace-network.js';
import { compareStrings } from '../policy/order.js';
import type { SnapshotGraph } from './model-input.js';
import { formatPort } from './port-spec.js';
import { byName, type ClusterSnapshot } from './snapshot.js';

export interface WorkspaceRow {
  readonly name: string;
  readonly provider?: string;
  readonly cidr?: string;
  readonly vpcId?: string;
  readonly intraWorkspace: 'Allow' | 'Deny';
  readonly projects: number;
  readonly phase?: string;
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
  readonly phase?: string;
}

export interface ConnectionRow {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly bidirectional: boolean;
  /** `TCP/80`…; empty: all ports. */
  readonly ports: readonly string[];
  readonly phase?: string;
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

  const workspaces: WorkspaceRow[] = [];
  for (const name of [...workspaceNames].filter(inScope).sort(compareStrings)) {
    const wsn = wsns.get(name);
    const projects = [...projectWorkspace.values()].filter((w) => w === name).length;
    if (wsn === undefined) {
      workspaces.push({ name, intraWorkspace: 'Allow', projects });
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
      ...(s?.phase === undefined ? {} : { phase: s.phase }),
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
      ...(s?.phase === undefined ? {} : { phase: s.phase }),
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
    });
    problem('ProjectConnection', name, c);
  }
  return { ...(workspace === undefined ? {} : { workspace }), workspaces, projects, connections, problems };
}
