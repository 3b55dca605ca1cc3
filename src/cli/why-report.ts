// What `why` reports, as data: both ends as the model classified them, the verdict, the rule that
// decides it in words, the connections between the two, the policies that enforce it, and the
// caveats (pods on the host's network, tenants' own NetworkPolicies). Pure.
import { PROJECT_POLICY_NAME, type CanonicalPort, type EndpointClass, type Flow, type FlowExplanation, type FlowRule, type NetworkPolicy, type RuleId } from '../policy/index.js';
import { formatPort } from './port-spec.js';

/** What the CLI found out about an end before asking the model. */
export interface ResolvedEnd {
  /** As typed: `ns`, `ns/pod` or an address. */
  readonly text: string;
  readonly pod?: { readonly name: string; readonly ip?: string; readonly hostNetwork: boolean };
  /** An address inside a project's subnet is judged as that project. */
  readonly subnetOf?: { readonly project: string; readonly cidr: string };
  /** NetworkPolicies in the end's namespace that the controller does not manage (status.foreignPolicies). */
  readonly foreignPolicies?: number;
}

export interface WhyEnd {
  readonly text: string;
  readonly kind: EndpointClass['kind'];
  readonly namespace?: string;
  readonly ip?: string;
  readonly pod?: string;
  readonly workspace?: string;
  readonly isolated?: boolean;
}

export interface WhyConnection {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly bidirectional: boolean;
  /** `TCP/80`…; empty: all ports. */
  readonly ports: readonly string[];
  /** Whether it allows the asked port (any port when none was asked). */
  readonly admits: boolean;
}

export interface WhyReport {
  readonly from: WhyEnd;
  readonly to: WhyEnd;
  /** `TCP/443`, when a port was asked. */
  readonly port?: string;
  readonly allowed: boolean;
  /** Which ports may go at all: all, some (listed) or none. */
  readonly allowance: { readonly kind: 'all' | 'ports' | 'none'; readonly ports?: readonly string[] };
  readonly rule: { readonly id: RuleId; readonly text: string };
  readonly connections: readonly WhyConnection[];
  /** `namespace/name` of the NetworkPolicies that carry the rule (project ends only). */
  readonly enforcedBy: readonly string[];
  readonly notes: readonly string[];
}

function endOf(end: EndpointClass, resolved: ResolvedEnd): WhyEnd {
  const pod = resolved.pod === undefined ? {} : { pod: resolved.pod.name };
  switch (end.kind) {
    case 'project':
      return { text: resolved.text, kind: 'project', namespace: end.project.name, ...pod, workspace: end.project.workspace, isolated: end.project.isolated };
    case 'system':
    case 'other':
      return { text: resolved.text, kind: end.kind, namespace: end.namespace, ...pod };
    case 'outside':
      return { text: resolved.text, kind: 'outside', ip: end.ip };
  }
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

function plural(names: readonly string[], one: string, many: string): string {
  return names.length === 1 ? one : many;
}

/** The rule in one sentence: which row of docs/connectivity.md, and the objects behind it. */
export function ruleText(rule: FlowRule, from: WhyEnd, to: WhyEnd, connections: readonly WhyConnection[]): string {
  const addressOf = (end: WhyEnd): string => end.ip ?? end.text;
  switch (rule.id) {
    case 'same-project':
      return `traffic within project ${rule.project} is always allowed`;
    case 'same-workspace':
      return `both are projects of workspace ${rule.workspace}, whose intraWorkspace is Allow, and neither is isolated`;
    case 'connection':
      return `${plural(rule.connections, 'ProjectConnection', 'ProjectConnections')} ${list(rule.connections)} ${plural(rule.connections, 'allows', 'allow')} it`;
    case 'connection-ports': {
      const ports = [...new Set(connections.flatMap((c) => c.ports))];
      return `${plural(rule.connections, 'ProjectConnection', 'ProjectConnections')} ${list(rule.connections)} ${plural(rule.connections, 'links', 'link')} them, but only on ${ports.join(', ')}`;
    }
    case 'intra-workspace-deny':
      return `workspace ${rule.workspace} has intraWorkspace Deny, and no ProjectConnection allows it`;
    case 'isolated':
      return `${list(rule.projects)} ${plural(rule.projects, 'is', 'are')} isolated, and no ProjectConnection allows it`;
    case 'other-workspace':
      return `projects of different workspaces (${rule.fromWorkspace}, ${rule.toWorkspace}) reach each other only through a ProjectConnection, and none allows it`;
    case 'system-namespace':
      return `${rule.namespace} is a system namespace: it always reaches projects and is reached from them`;
    case 'allowed-ingress-namespace':
      return `${rule.namespace} is in the controller's allowedIngressNamespaces`;
    case 'unmanaged-ingress':
      return `${rule.namespace} is neither a project nor a system namespace, and not in allowedIngressNamespaces`;
    case 'egress-isolation':
      return `with egressIsolation on, projects reach only projects they are connected to, system namespaces and addresses outside the cluster; ${rule.namespace} is none of these`;
    case 'egress-open':
      return 'egressIsolation is off: what leaves a project is not restricted';
    case 'pod-range':
      return `${addressOf(to)} is inside the pod range ${rule.cidr}: pods are reached by their namespace, never by address`;
    case 'denied-egress':
      return `${addressOf(to)} is inside ${rule.cidr}, one of the controller's deniedEgressCIDRs (such as the cloud's metadata service): no project reaches it`;
    case 'outside':
      return `${addressOf(to)} is outside every pod range of the cluster, which projects may reach`;
    case 'allowed-ingress-cidr':
      return `${addressOf(from)} is inside ${rule.cidr}, one of the controller's allowedIngressCIDRs`;
    case 'outside-ingress':
      return `${addressOf(from)} is outside the cluster and in none of allowedIngressCIDRs: outside traffic enters projects only through system namespaces`;
    case 'not-managed':
      return 'neither end is a project: the controller\'s policies do not restrict this traffic';
  }
}

function portsText(ports: readonly CanonicalPort[] | undefined): string[] {
  return (ports ?? []).map(formatPort);
}

function notesOf(ends: readonly [WhyEnd, ResolvedEnd][], allowed: boolean, oneWayBack: readonly string[]): string[] {
  const notes: string[] = [];
  const [from, to] = [ends[0]?.[0].namespace ?? '', ends[1]?.[0].namespace ?? ''];
  if (!allowed) for (const name of oneWayBack) notes.push(`ProjectConnection ${name} is one-way: it allows ${to} -> ${from} only`);
  for (const [end, resolved] of ends) {
    if (resolved.subnetOf !== undefined) notes.push(`${resolved.text} is in the subnet of project ${resolved.subnetOf.project} (${resolved.subnetOf.cidr}): judged as that project`);
    if (resolved.pod?.hostNetwork === true) notes.push(`pod ${resolved.text} uses the node's network: no NetworkPolicy applies to its traffic, whatever this says`);
    else if (resolved.pod !== undefined && end.kind === 'project') notes.push(`the controller's policy selects every pod of ${end.namespace ?? ''}, so this holds for ${resolved.pod.name} as for any of them`);
    if (!allowed && (resolved.foreignPolicies ?? 0) > 0) {
      notes.push(`${end.namespace ?? ''} has ${resolved.foreignPolicies ?? 0} NetworkPolicies the controller does not manage; they can open more for its own pods, but not past the other end's managed policy (not evaluated here)`);
    }
  }
  return notes;
}

export function whyReport(explanation: FlowExplanation, from: ResolvedEnd, to: ResolvedEnd, egressIsolation: boolean): WhyReport {
  const fromEnd = endOf(explanation.from, from);
  const toEnd = endOf(explanation.to, to);
  const connections = explanation.connections.map(({ connection, admits }): WhyConnection => ({
    name: connection.name,
    from: connection.from,
    to: connection.to,
    bidirectional: connection.bidirectional,
    ports: (connection.ports ?? []).map(formatPort),
    admits,
  }));
  const allowance = explanation.allowance;
  const enforcedBy = [
    ...(fromEnd.kind === 'project' && egressIsolation && fromEnd.namespace !== toEnd.namespace ? [`${fromEnd.namespace ?? ''}/${PROJECT_POLICY_NAME}`] : []),
    ...(toEnd.kind === 'project' ? [`${toEnd.namespace ?? ''}/${PROJECT_POLICY_NAME}`] : []),
  ];
  return {
    from: fromEnd,
    to: toEnd,
    ...(explanation.flow === undefined ? {} : { port: formatFlow(explanation.flow) }),
    allowed: explanation.allowed,
    allowance: allowance.kind === 'ports' ? { kind: 'ports', ports: portsText(allowance.ports) } : { kind: allowance.kind },
    rule: { id: explanation.rule.id, text: ruleText(explanation.rule, fromEnd, toEnd, connections) },
    connections,
    enforcedBy: explanation.rule.id === 'not-managed' ? [] : enforcedBy,
    notes: notesOf([[fromEnd, from], [toEnd, to]], explanation.allowed, explanation.oneWayBack),
  };
}

export function formatFlow(flow: Flow): string {
  return `${flow.protocol}/${flow.port}`;
}

/** The pod ranges a managed policy keeps out of "outside": every `except` of its egress ipBlocks, sorted. */
export function exceptedRanges(policy: Pick<NetworkPolicy, 'spec'>): string[] {
  const ranges = (policy.spec.egress ?? []).flatMap((rule) => (rule.to ?? []).flatMap((peer) => peer.ipBlock?.except ?? []));
  return [...new Set(ranges)].sort();
}
