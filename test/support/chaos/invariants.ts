// The invariants every fault must leave intact once the controller has converged (Calico provider):
// each live project has exactly one Ready subnet, recorded once and backed by exactly one IPPool;
// no namespace names a pool that does not exist;
// subnets are disjoint and inside their workspace's range; workspace ranges are disjoint and inside
// the cluster pool; nothing is orphaned, duplicated or stuck on a finalizer; and the managed
// NetworkPolicies give the oracle's answer (docs/connectivity.md) for every pair of namespaces
// checked.
// Pure: it reads listed objects and returns the violations plus how many checks it made.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { CONTROLLER_NAME, KS_ANNOTATION_NETWORK_ISOLATE, KS_LABEL_WORKSPACE, LABEL_MANAGED_BY, LABEL_PROJECT } from '../../../src/api/constants.js';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from '../../../src/ipam/index.js';
import type { KubeObject } from '../../../src/kube/kube-client.js';
import { isAllowed, type ConnectionModel, type ConnectivityInput, type PortRange, type ProjectModel, type WorkspaceModel } from '../../../src/policy/index.js';
import { createEvaluator } from '../netpol/index.js';

export interface NetworkObject extends KubeObject {
  spec?: Record<string, unknown>;
  status?: { phase?: string; cidr?: string; conditions?: readonly { type: string; status: string }[] };
}

/** Everything the checker reads, as listed from the apiserver. */
export interface ClusterObjects {
  readonly namespaces: readonly KubeObject[];
  readonly workspaces: readonly KubeObject[];
  readonly workspaceNetworks: readonly NetworkObject[];
  readonly projectNetworks: readonly NetworkObject[];
  readonly projectConnections: readonly NetworkObject[];
  readonly ipPools: readonly NetworkObject[];
  readonly networkPolicies: readonly KubeObject[];
}

export interface InvariantConfig {
  /** The controller's VPC pool (vpcPool setting). */
  readonly vpcPool: readonly string[];
  /** System namespaces as the controller was configured (including its own namespace). */
  readonly systemNamespaces: readonly string[];
  /** At most this many namespaces take part in the oracle comparison (every pair of them); all when absent. */
  readonly oracleNamespaceLimit?: number;
  /** Ports asked of the evaluator and the oracle for each pair. */
  readonly oraclePorts?: readonly number[];
}

export interface InvariantReport {
  readonly violations: readonly string[];
  readonly checks: number;
  readonly projects: number;
}

const name = (o: KubeObject): string => o.metadata?.name ?? '';
const alive = (o: KubeObject): boolean => o.metadata?.deletionTimestamp === undefined;

class Tally {
  checks = 0;
  readonly violations: string[] = [];
  check(ok: boolean, violation: () => string): boolean {
    this.checks++;
    if (!ok) this.violations.push(violation());
    return ok;
  }
}

function cidrOf(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const parsed = parseCidr(text);
  return parsed.ok ? parsed.cidr : undefined;
}

/** Project namespace → its workspace, by the controller's membership rule. */
export function liveProjects(objects: ClusterObjects, systemNamespaces: readonly string[]): Map<string, string> {
  const workspaces = new Set(objects.workspaces.filter(alive).map(name));
  const system = new Set(systemNamespaces);
  const projects = new Map<string, string>();
  for (const ns of objects.namespaces) {
    const workspace = ns.metadata?.labels?.[KS_LABEL_WORKSPACE];
    if (!alive(ns) || system.has(name(ns)) || workspace === undefined || !workspaces.has(workspace)) continue;
    projects.set(name(ns), workspace);
  }
  return projects;
}

function checkDisjoint(tally: Tally, what: string, ranges: readonly { owner: string; cidr: Cidr; text: string }[]): void {
  const sorted = [...ranges].sort((a, b) => a.cidr.base - b.cidr.base);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (a === undefined || b === undefined) continue;
    // CIDRs nest or are disjoint, so when any two overlap, some pair of neighbours by start
    // address overlaps too: checking neighbours finds every overlapping set.
    tally.check(!cidrsOverlap(a.cidr, b.cidr), () => `${what} ${a.owner} (${a.text}) and ${b.owner} (${b.text}) overlap`);
  }
}

function checkWorkspaces(tally: Tally, objects: ClusterObjects, projects: Map<string, string>, config: InvariantConfig): Map<string, Cidr> {
  const pool = config.vpcPool.map(cidrOf).filter((c): c is Cidr => c !== undefined);
  const ranges = new Map<string, Cidr>();
  const needed = new Set(projects.values());
  const wsnByName = new Map(objects.workspaceNetworks.map((w) => [name(w), w]));
  for (const workspace of needed) {
    const wsn = wsnByName.get(workspace);
    if (!tally.check(wsn !== undefined, () => `workspace ${workspace} has projects but no WorkspaceNetwork`) || wsn === undefined) continue;
    tally.check(wsn.status?.phase === 'Ready', () => `WorkspaceNetwork ${workspace} is ${wsn.status?.phase ?? 'without phase'}, not Ready`);
    const cidr = cidrOf(wsn.status?.cidr);
    if (!tally.check(cidr !== undefined, () => `WorkspaceNetwork ${workspace} has no valid status.cidr`) || cidr === undefined) continue;
    tally.check(pool.some((p) => cidrContains(p, cidr)), () => `WorkspaceNetwork ${workspace} range ${wsn.status?.cidr ?? ''} is outside the VPC pool`);
    ranges.set(workspace, cidr);
  }
  const liveWorkspaces = new Set(objects.workspaces.filter(alive).map(name));
  for (const wsn of objects.workspaceNetworks) {
    tally.check(alive(wsn), () => `WorkspaceNetwork ${name(wsn)} is stuck deleting (finalizers ${JSON.stringify(wsn.metadata?.finalizers ?? [])})`);
    // The suites never create a WorkspaceNetwork ahead of its workspace, so one without is left over.
    tally.check(liveWorkspaces.has(name(wsn)), () => `WorkspaceNetwork ${name(wsn)} has no live workspace (orphan)`);
  }
  const recorded = objects.workspaceNetworks.flatMap((w) => {
    const cidr = cidrOf(w.status?.cidr);
    return cidr === undefined ? [] : [{ owner: name(w), cidr, text: w.status?.cidr ?? '' }];
  });
  checkDisjoint(tally, 'workspace ranges', recorded);
  return ranges;
}

function checkProjects(tally: Tally, objects: ClusterObjects, projects: Map<string, string>, wsRanges: Map<string, Cidr>): void {
  const pjnByName = new Map(objects.projectNetworks.map((p) => [name(p), p]));
  const subnets: { owner: string; cidr: Cidr; text: string }[] = [];
  for (const [project, workspace] of projects) {
    const pjn = pjnByName.get(project);
    if (!tally.check(pjn !== undefined, () => `project ${project} has no ProjectNetwork`) || pjn === undefined) continue;
    tally.check(pjn.spec?.workspace === workspace, () => `ProjectNetwork ${project} names workspace ${String(pjn.spec?.workspace)}, namespace says ${workspace}`);
    tally.check(pjn.status?.phase === 'Ready', () => `ProjectNetwork ${project} is ${pjn.status?.phase ?? 'without phase'}, not Ready`);
    const cidr = cidrOf(pjn.status?.cidr);
    if (!tally.check(cidr !== undefined, () => `ProjectNetwork ${project} has no valid status.cidr`) || cidr === undefined) continue;
    subnets.push({ owner: project, cidr, text: pjn.status?.cidr ?? '' });
    const range = wsRanges.get(workspace);
    tally.check(range !== undefined && cidrContains(range, cidr), () => `subnet ${pjn.status?.cidr ?? ''} of ${project} is outside workspace ${workspace}'s range`);
  }
  for (const pjn of objects.projectNetworks) {
    tally.check(projects.has(name(pjn)), () => `ProjectNetwork ${name(pjn)} has no live project (orphan${alive(pjn) ? '' : ', stuck deleting'})`);
  }
  checkDisjoint(tally, 'project subnets', subnets);
}

function checkPools(tally: Tally, objects: ClusterObjects, projects: Map<string, string>): void {
  const pjnByName = new Map(objects.projectNetworks.map((p) => [name(p), p]));
  const poolsByProject = new Map<string, NetworkObject[]>();
  for (const pool of objects.ipPools.filter((p) => p.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME)) {
    const project = pool.metadata?.labels?.[LABEL_PROJECT] ?? '';
    poolsByProject.set(project, [...(poolsByProject.get(project) ?? []), pool]);
    tally.check(projects.has(project), () => `IPPool ${name(pool)} (${String(pool.spec?.cidr)}) belongs to no live project (orphan)`);
  }
  for (const project of projects.keys()) {
    const pools = poolsByProject.get(project) ?? [];
    if (!tally.check(pools.length === 1, () => `project ${project} has ${pools.length} IPPools (${pools.map(name).join(', ')}), not 1`)) continue;
    const recorded = pjnByName.get(project)?.status?.cidr;
    tally.check(pools[0]?.spec?.cidr === recorded, () => `IPPool of ${project} has ${String(pools[0]?.spec?.cidr)}, status says ${recorded ?? 'nothing'}`);
  }
}

const ANNOTATION_IPV4_POOLS = 'cni.projectcalico.org/ipv4pools';

/**
 * "No namespace names a pool that does not exist": each pool a live namespace's
 * `cni.projectcalico.org/ipv4pools` names exists, is enabled and is not being deleted (Calico fails
 * every pod start in a namespace that names anything else). Holds at every instant, not only once
 * converged: the controller writes the annotation after the pool and removes it before the pool.
 */
export function poolReferenceViolations(namespaces: readonly KubeObject[], ipPools: readonly NetworkObject[]): string[] {
  const usable = new Set(ipPools.filter((p) => alive(p) && p.spec?.disabled !== true).map(name));
  const violations: string[] = [];
  for (const ns of namespaces.filter(alive)) {
    const value = ns.metadata?.annotations?.[ANNOTATION_IPV4_POOLS];
    if (value === undefined) continue;
    let named: unknown;
    try {
      named = JSON.parse(value);
    } catch {
      named = undefined;
    }
    if (!Array.isArray(named)) {
      violations.push(`namespace ${name(ns)} has an unreadable ${ANNOTATION_IPV4_POOLS}: ${value}`);
      continue;
    }
    for (const pool of named) {
      if (!usable.has(String(pool))) violations.push(`namespace ${name(ns)} names IPPool ${String(pool)}, which does not exist (or is disabled or being deleted)`);
    }
  }
  return violations;
}

function checkPoolReferences(tally: Tally, objects: ClusterObjects): void {
  const violations = poolReferenceViolations(objects.namespaces, objects.ipPools);
  tally.check(violations.length === 0, () => violations.join('; '));
}

function checkPolicies(tally: Tally, objects: ClusterObjects, projects: Map<string, string>): void {
  const managed = objects.networkPolicies.filter((p) => p.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME);
  const count = new Map<string, number>();
  for (const policy of managed) {
    const ns = policy.metadata?.namespace ?? '';
    count.set(ns, (count.get(ns) ?? 0) + 1);
    tally.check(projects.has(ns), () => `managed NetworkPolicy ${ns}/${name(policy)} is in no live project (orphan)`);
  }
  for (const project of projects.keys()) {
    tally.check(count.get(project) === 1, () => `project ${project} has ${count.get(project) ?? 0} managed NetworkPolicies, not 1`);
  }
}

function portsOf(value: unknown): PortRange[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value as PortRange[];
}

/** The oracle's input, built from the objects as the controller would see them. */
export function connectivityInputOf(objects: ClusterObjects, projects: Map<string, string>, config: InvariantConfig): ConnectivityInput {
  const pjnByName = new Map(objects.projectNetworks.map((p) => [name(p), p]));
  const nsByName = new Map(objects.namespaces.map((n) => [name(n), n]));
  const wsnByName = new Map(objects.workspaceNetworks.map((w) => [name(w), w]));
  const workspaces: WorkspaceModel[] = [...new Set(projects.values())].map((ws) => ({ name: ws, intraWorkspace: wsnByName.get(ws)?.spec?.intraWorkspace === 'Deny' ? 'Deny' : 'Allow' }));
  const projectModels: ProjectModel[] = [...projects].map(([project, workspace]) => ({
    name: project,
    workspace,
    isolated: pjnByName.get(project)?.spec?.isolation === 'Isolated' || nsByName.get(project)?.metadata?.annotations?.[KS_ANNOTATION_NETWORK_ISOLATE] === 'enabled',
    uid: pjnByName.get(project)?.metadata?.uid ?? '',
  }));
  const connections: ConnectionModel[] = objects.projectConnections.filter(alive).flatMap((c) => {
    const from = (c.spec?.from as { project?: string } | undefined)?.project;
    const to = (c.spec?.to as { project?: string } | undefined)?.project;
    if (from === undefined || to === undefined || !projects.has(from) || !projects.has(to)) return [];
    const ports = portsOf(c.spec?.ports);
    return [{ name: name(c), from, to, bidirectional: c.spec?.bidirectional !== false, ...(ports === undefined ? {} : { ports }) }];
  });
  return { workspaces, projects: projectModels, connections, config: { systemNamespaces: config.systemNamespaces, allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: config.vpcPool } };
}

/** Namespaces for the oracle comparison: evenly spread projects plus every non-project namespace. */
function oracleNamespaces(objects: ClusterObjects, projects: Map<string, string>, limit: number | undefined): string[] {
  const names = [...projects.keys()].sort();
  const step = limit === undefined || names.length <= limit ? 1 : names.length / limit;
  const chosen = step === 1 ? names : Array.from({ length: limit ?? 0 }, (_, i) => names[Math.floor(i * step)] ?? '');
  const others = objects.namespaces.filter((n) => alive(n) && !projects.has(name(n))).map(name);
  return [...chosen, ...others];
}

function checkOracle(tally: Tally, objects: ClusterObjects, projects: Map<string, string>, config: InvariantConfig): void {
  const evaluator = createEvaluator({
    namespaces: objects.namespaces.filter(alive).map((n) => ({ name: name(n), labels: n.metadata?.labels ?? {} })),
    policies: objects.networkPolicies as unknown as V1NetworkPolicy[],
  });
  if (!tally.check(evaluator.ok, () => `invalid NetworkPolicies: ${evaluator.ok ? '' : evaluator.problems.join('; ')}`) || !evaluator.ok) return;
  const input = connectivityInputOf(objects, projects, config);
  const names = oracleNamespaces(objects, projects, config.oracleNamespaceLimit);
  for (const from of names) {
    for (const to of names) {
      for (const port of config.oraclePorts ?? [80]) {
        const verdict = evaluator.evaluator.evaluate({ kind: 'pod', namespace: from, labels: {} }, { kind: 'pod', namespace: to, labels: {} }, { protocol: 'TCP', port });
        const expected = isAllowed(input, { namespace: from }, { namespace: to }, { protocol: 'TCP', port });
        tally.check(verdict.kind === 'decided' && verdict.allowed === expected, () => `${from} -> ${to}:${port}: policies say ${verdict.kind === 'decided' ? String(verdict.allowed) : verdict.reason}, oracle says ${String(expected)}`);
      }
    }
  }
}

export function checkInvariants(objects: ClusterObjects, config: InvariantConfig): InvariantReport {
  const tally = new Tally();
  const projects = liveProjects(objects, config.systemNamespaces);
  const wsRanges = checkWorkspaces(tally, objects, projects, config);
  checkProjects(tally, objects, projects, wsRanges);
  checkPools(tally, objects, projects);
  checkPoolReferences(tally, objects);
  checkPolicies(tally, objects, projects);
  checkOracle(tally, objects, projects, config);
  return { violations: tally.violations, checks: tally.checks, projects: projects.size };
}
