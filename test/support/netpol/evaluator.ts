// A NetworkPolicy evaluator following the Kubernetes semantics: a pod is isolated in a direction when
// any policy selecting it has that policyType; traffic then needs an allowing egress rule on the
// source side (if the source is isolated for egress) AND an allowing ingress rule on the destination
// side (if the destination is isolated for ingress). Rules and peers are ORed; a rule with no peers
// (or no ports) matches every peer (or port).
import type { V1NetworkPolicy, V1NetworkPolicyPeer, V1NetworkPolicyPort } from '@kubernetes/client-node';
import { parseSpan, spanContains } from './addresses.js';
import { selectorMatches } from './labels.js';
import type { Direction } from './policy-shape.js';
import { effectivePolicyTypes, ingressPeers, policyId } from './policy-shape.js';
import type { EvaluatorOptions, NamespaceInfo, PodEndpoint, SideResult, Traffic, TrafficEndpoint, Verdict } from './types.js';
import { policyProblems } from './validate.js';

export interface ClusterState {
  readonly namespaces: readonly NamespaceInfo[];
  readonly policies: readonly V1NetworkPolicy[];
}

export interface NetworkPolicyEvaluator {
  evaluate(from: TrafficEndpoint, to: TrafficEndpoint, traffic: Traffic): Verdict;
}

export type EvaluatorResult = { readonly ok: true; readonly evaluator: NetworkPolicyEvaluator } | { readonly ok: false; readonly problems: readonly string[] };

/** Tri-state match: `unknown` when the answer hinges on something not modelled (a named port). */
type Match = boolean | 'unknown';

export function createEvaluator(cluster: ClusterState, options: EvaluatorOptions = {}): EvaluatorResult {
  const problems = cluster.policies.flatMap(policyProblems);
  if (problems.length > 0) return { ok: false, problems };
  const namespaces = new Map(cluster.namespaces.map((ns) => [ns.name, ns]));
  const policiesByNamespace = new Map<string, V1NetworkPolicy[]>();
  for (const policy of cluster.policies) {
    const ns = policy.metadata?.namespace ?? '';
    policiesByNamespace.set(ns, [...(policiesByNamespace.get(ns) ?? []), policy]);
  }
  const podIpsMatchIpBlocks = options.podIpsMatchIpBlocks ?? true;

  function evaluate(from: TrafficEndpoint, to: TrafficEndpoint, traffic: Traffic): Verdict {
    for (const endpoint of [from, to]) {
      if (endpoint.kind === 'pod' && !namespaces.has(endpoint.namespace)) return { kind: 'unsupported', reason: `unknown namespace ${endpoint.namespace}` };
    }
    const egress = from.kind === 'pod' ? side(from, 'Egress', to, traffic) : ({ state: 'unrestricted' } as const);
    const ingress = to.kind === 'pod' ? side(to, 'Ingress', from, traffic) : ({ state: 'unrestricted' } as const);
    if (egress === 'unknown' || ingress === 'unknown') {
      return { kind: 'unsupported', reason: `a named port decides ${describe(from)} → ${describe(to)} but the destination's container ports are unknown` };
    }
    return { kind: 'decided', allowed: egress.state !== 'denied' && ingress.state !== 'denied', egress, ingress };
  }

  /** The say of the policies selecting `pod` in `direction`, about traffic with `peer` at the other end. */
  function side(pod: PodEndpoint, direction: Direction, peer: TrafficEndpoint, traffic: Traffic): SideResult | 'unknown' {
    const destination = direction === 'Ingress' ? pod : peer;
    const selecting = (policiesByNamespace.get(pod.namespace) ?? []).filter((p) => {
      const podSelector = p.spec?.podSelector; // required by the API; treated as "all pods" if absent
      return (podSelector === undefined || selectorMatches(podSelector, pod.labels)) && effectivePolicyTypes(p).includes(direction);
    });
    if (selecting.length === 0) return { state: 'unrestricted' };
    let undecided = false;
    for (const policy of selecting) {
      const rules = direction === 'Ingress'
        ? (policy.spec?.ingress ?? []).map((r) => ({ peers: ingressPeers(r), ports: r.ports }))
        : (policy.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
      for (const [i, rule] of rules.entries()) {
        const peers = rule.peers ?? [];
        if (peers.length > 0 && !peers.some((p) => peerMatches(p, pod.namespace, peer))) continue;
        const ports = portsMatch(rule.ports, traffic, destination);
        if (ports === true) return { state: 'allowed', by: `${policyId(policy)} ${direction.toLowerCase()}[${i}]` };
        if (ports === 'unknown') undecided = true;
      }
    }
    return undecided ? 'unknown' : { state: 'denied', isolatedBy: selecting.map(policyId) };
  }

  /** Does `peer` of a policy in `policyNamespace` designate `endpoint`? */
  function peerMatches(peer: V1NetworkPolicyPeer, policyNamespace: string, endpoint: TrafficEndpoint): boolean {
    if (peer.ipBlock !== undefined) {
      const ip = endpoint.kind === 'external' ? endpoint.ip : podIpsMatchIpBlocks ? endpoint.ip : undefined;
      if (ip === undefined) return false;
      const block = parseSpan(peer.ipBlock.cidr);
      if (block === undefined || !spanContains(block, ip)) return false;
      return !(peer.ipBlock.except ?? []).some((except) => {
        const hole = parseSpan(except);
        return hole !== undefined && spanContains(hole, ip);
      });
    }
    if (endpoint.kind !== 'pod') return false;
    if (peer.namespaceSelector === undefined) {
      if (endpoint.namespace !== policyNamespace) return false;
    } else {
      const ns = namespaces.get(endpoint.namespace);
      if (ns === undefined || !selectorMatches(peer.namespaceSelector, ns.labels)) return false;
    }
    return peer.podSelector === undefined || selectorMatches(peer.podSelector, endpoint.labels);
  }

  return { ok: true, evaluator: { evaluate } };
}

function portsMatch(ports: readonly V1NetworkPolicyPort[] | undefined, traffic: Traffic, destination: TrafficEndpoint): Match {
  if (ports === undefined || ports.length === 0) return true;
  let result: Match = false;
  for (const entry of ports) {
    const match = portMatches(entry, traffic, destination);
    if (match === true) return true;
    if (match === 'unknown') result = 'unknown';
  }
  return result;
}

function portMatches(entry: V1NetworkPolicyPort, traffic: Traffic, destination: TrafficEndpoint): Match {
  const protocol = entry.protocol ?? 'TCP';
  if (protocol !== traffic.protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') return entry.port <= traffic.port && traffic.port <= (entry.endPort ?? entry.port);
  // A named port means the destination pod's container port of that name and protocol.
  if (destination.kind !== 'pod' || destination.namedPorts === undefined) return 'unknown';
  const name = entry.port;
  return destination.namedPorts.some((p) => p.name === name && p.protocol === protocol && p.port === traffic.port);
}

function describe(endpoint: TrafficEndpoint): string {
  return endpoint.kind === 'pod' ? `pod in ${endpoint.namespace}` : endpoint.ip;
}
