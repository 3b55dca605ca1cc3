// Renders the table of docs/connectivity.md for one project as a single NetworkPolicy in its
// namespace. Peers are namespace label selectors, so the object count is O(1) per project whatever
// the number of projects; every list is sorted, so the same input renders byte-identical objects
// and a resync writes nothing.
import type { V1NetworkPolicyPeer } from '@kubernetes/client-node';
import type { Allowance } from './allowance.js';
import { allowanceKey, allowanceOfPorts, ALLOW_NONE, unionAllowances } from './allowance.js';
import { cidrFamilyBySyntax } from './cidr.js';
import { managedPolicyMetadata } from './metadata.js';
import type { ConnectivityInput, ProjectModel } from './model.js';
import { compareStrings, sortedUnique } from './order.js';
import { ipBlockPeer, namespacesPeer, ownNamespacePeer, policyPorts, workspacePeer } from './peers.js';
import type { ConnectivityView } from './view.js';
import { viewOf } from './view.js';
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicySpec } from './wire.js';

/**
 * The managed policies of a project namespace. Empty when `project` is not a project of the input
 * (unknown, or a system namespace): such a namespace must carry no managed policy.
 */
export function renderProjectPolicies(input: ConnectivityInput, project: string): NetworkPolicy[] {
  const view = viewOf(input);
  const self = view.projects.get(project);
  if (self === undefined) return [];
  const ingress = ingressRules(view, self);
  const denied = view.input.config.deniedEgressCIDRs ?? [];
  // With egress otherwise open, an Egress rule is still needed to keep the denied ranges out.
  const egress = view.egressIsolation ? egressRules(view, self) : denied.length > 0 ? openEgressRules(denied) : undefined;
  const spec: NetworkPolicySpec = egress !== undefined
    ? { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress, egress }
    : { podSelector: {}, policyTypes: ['Ingress'], ingress };
  return [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: managedPolicyMetadata(self, input.config), spec }];
}

function ingressRules(view: ConnectivityView, self: ProjectModel): NetworkPolicyIngressRule[] {
  const config = view.input.config;
  const peers = peersAlwaysAllowed(view, self);
  // Unmanaged namespaces only: a project reaches another project by workspace or connection rules alone.
  const allowedNamespaces = sortedUnique(config.allowedIngressNamespaces.filter((ns) => !view.projects.has(ns) && !view.systemNamespaces.has(ns)));
  if (allowedNamespaces.length > 0) peers.push(namespacesPeer(allowedNamespaces));
  const sources = connectionPeersByPorts(view, self, 'ingress');
  if (sources.all !== undefined) peers.push(sources.all);
  for (const cidr of sortedUnique(config.allowedIngressCIDRs)) peers.push(ipBlockPeer(cidr));
  return [{ from: peers }, ...sources.limited.map(({ peer, ports }) => ({ from: [peer], ports }))];
}

function egressRules(view: ConnectivityView, self: ProjectModel): NetworkPolicyEgressRule[] {
  const peers = peersAlwaysAllowed(view, self);
  const targets = connectionPeersByPorts(view, self, 'egress');
  if (targets.all !== undefined) peers.push(targets.all);
  peers.push(...outsidePeers([...view.input.config.podCidrs, ...(view.input.config.deniedEgressCIDRs ?? [])]));
  return [{ to: peers }, ...targets.limited.map(({ peer, ports }) => ({ to: [peer], ports }))];
}

/** Everything but the denied ranges: every namespace, and every address outside them. */
function openEgressRules(denied: readonly string[]): NetworkPolicyEgressRule[] {
  return [{ to: [{ namespaceSelector: {} }, ...outsidePeers(denied)] }];
}

/** Same project, system namespaces, and the workspace's other projects when neither side is isolated. */
function peersAlwaysAllowed(view: ConnectivityView, self: ProjectModel): V1NetworkPolicyPeer[] {
  const peers = [ownNamespacePeer()];
  const system = sortedUnique(view.systemNamespaces);
  if (system.length > 0) peers.push(namespacesPeer(system));
  if (!self.isolated && view.intraWorkspace(self.workspace) === 'Allow') {
    peers.push(workspacePeer(self.workspace, sortedUnique(view.isolatedMembers(self.workspace))));
  }
  return peers;
}

/** Every address but the excluded ranges, per IP family (an `except` must lie inside its `cidr`). */
function outsidePeers(excluded: readonly string[]): V1NetworkPolicyPeer[] {
  const v4 = sortedUnique(excluded.filter((c) => cidrFamilyBySyntax(c) === 4));
  const v6 = sortedUnique(excluded.filter((c) => cidrFamilyBySyntax(c) === 6));
  return [ipBlockPeer('0.0.0.0/0', v4), ipBlockPeer('::/0', v6)];
}

interface ConnectionPeers {
  /** The peers allowed on every port, as one selector. */
  readonly all: V1NetworkPolicyPeer | undefined;
  /** One selector per distinct port set, ordered by that set. */
  readonly limited: readonly { readonly peer: V1NetworkPolicyPeer; readonly ports: ReturnType<typeof policyPorts> }[];
}

/**
 * The other ends of the connections that let traffic into (`ingress`) or out of (`egress`) `self`,
 * grouped by their allowed ports so the rule count follows distinct port sets, not projects.
 */
function connectionPeersByPorts(view: ConnectivityView, self: ProjectModel, direction: 'ingress' | 'egress'): ConnectionPeers {
  const perPeer = new Map<string, Allowance>();
  for (const c of view.connectionsTouching(self.name)) {
    if (!view.projects.has(c.from) || !view.projects.has(c.to) || c.from === c.to) continue;
    const [near, far] = direction === 'egress' ? [c.from, c.to] : [c.to, c.from];
    const other = near === self.name ? far : c.bidirectional && far === self.name ? near : undefined;
    if (other === undefined) continue;
    perPeer.set(other, unionAllowances(perPeer.get(other) ?? ALLOW_NONE, allowanceOfPorts(c.ports)));
  }
  const groups = new Map<string, { allowance: Allowance; names: string[] }>();
  for (const [name, allowance] of perPeer) {
    const key = allowanceKey(allowance);
    const group = groups.get(key) ?? { allowance, names: [] };
    group.names.push(name);
    groups.set(key, group);
  }
  let all: V1NetworkPolicyPeer | undefined;
  const limited: { peer: V1NetworkPolicyPeer; ports: ReturnType<typeof policyPorts> }[] = [];
  for (const key of [...groups.keys()].sort(compareStrings)) {
    const group = groups.get(key);
    if (group === undefined) continue;
    const peer = namespacesPeer(sortedUnique(group.names));
    if (group.allowance.kind === 'ports') limited.push({ peer, ports: policyPorts(group.allowance.ports) });
    else all = peer;
  }
  return { all, limited };
}
