// Building blocks of rendered rules: NetworkPolicy peers chosen by namespace labels, never per pod.
import type { V1IPBlock, V1NetworkPolicyPeer, V1NetworkPolicyPort } from '@kubernetes/client-node';
import { LABEL_NAMESPACE_NAME, LABEL_WORKSPACE } from '../api/constants.js';
import type { CanonicalPort } from './allowance.js';

/** Every pod of the policy's own namespace (a podSelector without namespaceSelector). */
export function ownNamespacePeer(): V1NetworkPolicyPeer {
  return { podSelector: {} };
}

/** Every pod of the named namespaces. `names` must be sorted and non-empty. */
export function namespacesPeer(names: readonly string[]): V1NetworkPolicyPeer {
  return { namespaceSelector: { matchExpressions: [{ key: LABEL_NAMESPACE_NAME, operator: 'In', values: [...names] }] } };
}

/**
 * Every pod of the workspace's projects that are not isolated. The workspace label is controller-owned
 * (a ValidatingAdmissionPolicy keeps tenants from setting it), so it marks exactly the workspace's
 * projects, and a new project is covered without rewriting its siblings' policies. Only the isolated
 * members are listed (NotIn), which are few and change only when someone toggles isolation; listing
 * the non-isolated members (In) instead would rewrite every policy of the workspace on each new project.
 */
export function workspacePeer(workspace: string, isolatedMembers: readonly string[]): V1NetworkPolicyPeer {
  if (isolatedMembers.length === 0) return { namespaceSelector: { matchLabels: { [LABEL_WORKSPACE]: workspace } } };
  return {
    namespaceSelector: {
      matchLabels: { [LABEL_WORKSPACE]: workspace },
      matchExpressions: [{ key: LABEL_NAMESPACE_NAME, operator: 'NotIn', values: [...isolatedMembers] }],
    },
  };
}

/** An address range, minus the given sub-ranges. `except` must be sorted. */
export function ipBlockPeer(cidr: string, except: readonly string[] = []): V1NetworkPolicyPeer {
  const ipBlock: V1IPBlock = except.length === 0 ? { cidr } : { cidr, except: [...except] };
  return { ipBlock };
}

/** Ports always carry an explicit protocol, as the API server returns them, so a resync diffs clean. */
export function policyPorts(ports: readonly CanonicalPort[]): V1NetworkPolicyPort[] {
  return ports.map((p) => (p.endPort === undefined ? { protocol: p.protocol, port: p.port } : { protocol: p.protocol, port: p.port, endPort: p.endPort }));
}
