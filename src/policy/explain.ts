// Why may (or may not) traffic go from one endpoint to another: the row of docs/connectivity.md that
// decides it, with the objects behind it (the workspace, the isolated projects, the connections).
// It follows the oracle step by step and must agree with it on every flow (explain.test.ts checks
// that on random topologies); `kubectl tenantnet why` prints it.
import type { Allowance } from './allowance.js';
import { ALLOW_ALL, ALLOW_NONE, allowanceOfPorts, unionAllowances } from './allowance.js';
import { cidrContainsIp } from './cidr.js';
import type { ConnectionModel, ConnectivityInput, Endpoint, Flow, PortRange } from './model.js';
import type { ConnectivityView, EndpointClass } from './view.js';
import { classifyEndpoint, viewOf } from './view.js';

/** The rows of docs/connectivity.md, by a stable name. */
export type FlowRule =
  | { readonly id: 'same-project'; readonly project: string }
  | { readonly id: 'same-workspace'; readonly workspace: string }
  | { readonly id: 'connection'; readonly connections: readonly string[] }
  | { readonly id: 'connection-ports'; readonly connections: readonly string[] }
  | { readonly id: 'intra-workspace-deny'; readonly workspace: string }
  | { readonly id: 'isolated'; readonly workspace: string; readonly projects: readonly string[] }
  | { readonly id: 'other-workspace'; readonly fromWorkspace: string; readonly toWorkspace: string }
  | { readonly id: 'system-namespace'; readonly namespace: string }
  | { readonly id: 'allowed-ingress-namespace'; readonly namespace: string }
  | { readonly id: 'unmanaged-ingress'; readonly namespace: string }
  | { readonly id: 'egress-isolation'; readonly namespace: string }
  | { readonly id: 'egress-open' }
  | { readonly id: 'pod-range'; readonly cidr: string }
  | { readonly id: 'denied-egress'; readonly cidr: string }
  | { readonly id: 'outside' }
  | { readonly id: 'allowed-ingress-cidr'; readonly cidr: string }
  | { readonly id: 'outside-ingress' }
  | { readonly id: 'not-managed' };

export type RuleId = FlowRule['id'];

/** A connection between the two ends in the asked direction, and whether it admits the flow. */
export interface ConnectionFinding {
  readonly connection: ConnectionModel;
  /** Always true without a flow: a connection allows at least one port. */
  readonly admits: boolean;
}

export interface FlowExplanation {
  readonly from: EndpointClass;
  readonly to: EndpointClass;
  readonly flow?: Flow;
  /** Whether the flow may go (without a flow: whether any traffic may). */
  readonly allowed: boolean;
  /** Which ports may go between the two ends, whatever the flow. */
  readonly allowance: Allowance;
  /** The row that decides. */
  readonly rule: FlowRule;
  /** Every connection from → to (or the reverse of a bidirectional one), deciding or not. */
  readonly connections: readonly ConnectionFinding[];
  /** One-way connections the other way (to → from): they allow nothing in this direction. */
  readonly oneWayBack: readonly string[];
}

const ALLOWING: ReadonlySet<RuleId> = new Set(['same-project', 'same-workspace', 'connection', 'system-namespace', 'allowed-ingress-namespace', 'egress-open', 'outside', 'allowed-ingress-cidr', 'not-managed']);

/** Whether a rule lets the flow through. */
export function ruleAllows(rule: FlowRule): boolean {
  return ALLOWING.has(rule.id);
}

function portsAdmit(ports: readonly PortRange[] | undefined, flow: Flow): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === flow.protocol && p.port <= flow.port && flow.port <= (p.endPort ?? p.port));
}

function connectionsBetween(view: ConnectivityView, from: string, to: string, flow: Flow | undefined): ConnectionFinding[] {
  return view
    .connectionsTouching(from)
    .filter((c) => (c.from === from && c.to === to) || (c.bidirectional && c.from === to && c.to === from))
    .map((connection) => ({ connection, admits: flow === undefined || portsAdmit(connection.ports, flow) }));
}

/** Project to project: the same-project and same-workspace rows, then the connections. */
function betweenProjects(view: ConnectivityView, from: Extract<EndpointClass, { kind: 'project' }>, to: Extract<EndpointClass, { kind: 'project' }>, flow: Flow | undefined): Omit<FlowExplanation, 'from' | 'to' | 'flow' | 'oneWayBack'> {
  const [p, q] = [from.project, to.project];
  const connections = p.name === q.name ? [] : connectionsBetween(view, p.name, q.name, flow);
  const viaConnections = connections.map((c) => allowanceOfPorts(c.connection.ports)).reduce(unionAllowances, ALLOW_NONE);
  const names = (list: readonly ConnectionFinding[]): string[] => list.map((c) => c.connection.name);
  if (p.name === q.name) return { allowed: true, allowance: ALLOW_ALL, rule: { id: 'same-project', project: p.name }, connections };
  const sameWorkspace = p.workspace === q.workspace;
  const intra = view.intraWorkspace(p.workspace);
  if (sameWorkspace && intra === 'Allow' && !p.isolated && !q.isolated) {
    return { allowed: true, allowance: ALLOW_ALL, rule: { id: 'same-workspace', workspace: p.workspace }, connections };
  }
  const admitting = connections.filter((c) => c.admits);
  if (admitting.length > 0) return { allowed: true, allowance: viaConnections, rule: { id: 'connection', connections: names(admitting) }, connections };
  if (connections.length > 0) return { allowed: false, allowance: viaConnections, rule: { id: 'connection-ports', connections: names(connections) }, connections };
  let rule: FlowRule;
  if (!sameWorkspace) rule = { id: 'other-workspace', fromWorkspace: p.workspace, toWorkspace: q.workspace };
  else if (intra === 'Deny') rule = { id: 'intra-workspace-deny', workspace: p.workspace };
  else rule = { id: 'isolated', workspace: p.workspace, projects: [p, q].filter((x) => x.isolated).map((x) => x.name) };
  return { allowed: false, allowance: ALLOW_NONE, rule, connections };
}

/** Every row with at most one project end, as the oracle's boundaryAllows. */
function boundaryRule(view: ConnectivityView, source: EndpointClass, destination: EndpointClass): FlowRule {
  const config = view.input.config;
  if (source.kind === 'project') {
    switch (destination.kind) {
      case 'system':
        return { id: 'system-namespace', namespace: destination.namespace };
      case 'other':
        return view.egressIsolation ? { id: 'egress-isolation', namespace: destination.namespace } : { id: 'egress-open' };
      case 'outside': {
        // The denied ranges (the cloud's metadata service) are closed whatever egressIsolation says.
        const denied = (config.deniedEgressCIDRs ?? []).find((cidr) => cidrContainsIp(cidr, destination.ip));
        if (denied !== undefined) return { id: 'denied-egress', cidr: denied };
        const range = config.podCidrs.find((cidr) => cidrContainsIp(cidr, destination.ip));
        if (!view.egressIsolation) return { id: 'egress-open' };
        return range === undefined ? { id: 'outside' } : { id: 'pod-range', cidr: range };
      }
      case 'project':
        break; // handled by betweenProjects
    }
  }
  if (destination.kind === 'project') {
    switch (source.kind) {
      case 'system':
        return { id: 'system-namespace', namespace: source.namespace };
      case 'other':
        return config.allowedIngressNamespaces.includes(source.namespace) ? { id: 'allowed-ingress-namespace', namespace: source.namespace } : { id: 'unmanaged-ingress', namespace: source.namespace };
      case 'outside': {
        const range = config.allowedIngressCIDRs.find((cidr) => cidrContainsIp(cidr, source.ip));
        return range === undefined ? { id: 'outside-ingress' } : { id: 'allowed-ingress-cidr', cidr: range };
      }
      case 'project':
        break;
    }
  }
  return { id: 'not-managed' };
}

export function explainFlow(input: ConnectivityInput, from: Endpoint, to: Endpoint, flow?: Flow): FlowExplanation {
  const view = viewOf(input);
  const source = classifyEndpoint(view, from);
  const destination = classifyEndpoint(view, to);
  const base = { from: source, to: destination, ...(flow === undefined ? {} : { flow }) };
  if (source.kind === 'project' && destination.kind === 'project') {
    const [p, q] = [source.project.name, destination.project.name];
    const oneWayBack = view.connectionsTouching(q).filter((c) => !c.bidirectional && c.from === q && c.to === p && p !== q).map((c) => c.name);
    return { ...base, ...betweenProjects(view, source, destination, flow), oneWayBack };
  }
  const rule = boundaryRule(view, source, destination);
  const allowed = ruleAllows(rule);
  return { ...base, allowed, allowance: allowed ? ALLOW_ALL : ALLOW_NONE, rule, connections: [], oneWayBack: [] };
}
