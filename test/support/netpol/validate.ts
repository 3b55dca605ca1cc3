// Rejects what the API server would reject or the evaluator cannot interpret, up front, so that a
// verdict is never silently based on a misread policy.
import type { V1NetworkPolicy, V1NetworkPolicyPeer, V1NetworkPolicyPort } from '@kubernetes/client-node';
import { parseSpan, spanWithin } from './addresses.js';
import { selectorProblems } from './labels.js';
import { effectivePolicyTypes, ingressPeers, policyId } from './policy-shape.js';

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

export function policyProblems(policy: V1NetworkPolicy): string[] {
  const id = policyId(policy);
  const problems: string[] = [];
  if (policy.metadata?.namespace === undefined || policy.metadata.name === undefined) problems.push(`${id}: metadata.name and metadata.namespace are required`);
  for (const type of effectivePolicyTypes(policy)) {
    if (type !== 'Ingress' && type !== 'Egress') problems.push(`${id}: unknown policyType ${type}`);
  }
  const podSelector = policy.spec?.podSelector;
  if (podSelector !== undefined) problems.push(...selectorProblems(podSelector, `${id} spec.podSelector`));
  for (const [i, rule] of (policy.spec?.ingress ?? []).entries()) {
    for (const [j, peer] of (ingressPeers(rule) ?? []).entries()) problems.push(...peerProblems(peer, `${id} ingress[${i}].from[${j}]`));
    for (const [j, port] of (rule.ports ?? []).entries()) problems.push(...portProblems(port, `${id} ingress[${i}].ports[${j}]`));
  }
  for (const [i, rule] of (policy.spec?.egress ?? []).entries()) {
    for (const [j, peer] of (rule.to ?? []).entries()) problems.push(...peerProblems(peer, `${id} egress[${i}].to[${j}]`));
    for (const [j, port] of (rule.ports ?? []).entries()) problems.push(...portProblems(port, `${id} egress[${i}].ports[${j}]`));
  }
  return problems;
}

function peerProblems(peer: V1NetworkPolicyPeer, at: string): string[] {
  const hasSelector = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
  if (peer.ipBlock !== undefined) {
    if (hasSelector) return [`${at}: ipBlock cannot be combined with selectors`];
    const block = parseSpan(peer.ipBlock.cidr);
    if (block === undefined) return [`${at}: invalid cidr ${peer.ipBlock.cidr}`];
    return (peer.ipBlock.except ?? []).flatMap((except) => {
      const inner = parseSpan(except);
      if (inner === undefined) return [`${at}: invalid except ${except}`];
      return spanWithin(inner, block) ? [] : [`${at}: except ${except} is not inside ${peer.ipBlock?.cidr ?? ''}`];
    });
  }
  if (!hasSelector) return [`${at}: a peer needs podSelector, namespaceSelector or ipBlock`];
  return [
    ...(peer.podSelector === undefined ? [] : selectorProblems(peer.podSelector, `${at}.podSelector`)),
    ...(peer.namespaceSelector === undefined ? [] : selectorProblems(peer.namespaceSelector, `${at}.namespaceSelector`)),
  ];
}

function portProblems(port: V1NetworkPolicyPort, at: string): string[] {
  const problems: string[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.has(port.protocol)) problems.push(`${at}: unknown protocol ${port.protocol}`);
  if (port.endPort !== undefined) {
    if (typeof port.port !== 'number') problems.push(`${at}: endPort needs a numeric port`);
    else if (port.endPort < port.port) problems.push(`${at}: endPort ${port.endPort} < port ${port.port}`);
  }
  return problems;
}
