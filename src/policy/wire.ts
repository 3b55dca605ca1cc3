// A NetworkPolicy as the API server reads and writes it (plain JSON: the ingress peer list is
// `from`). client-node's model names that field `_from` and renames it only in its own serializer,
// which the controller's client does not use; rendering this shape directly needs no conversion.
import type { V1LabelSelector, V1NetworkPolicyPeer, V1NetworkPolicyPort } from '@kubernetes/client-node';

export interface NetworkPolicyIngressRule {
  readonly from?: V1NetworkPolicyPeer[];
  readonly ports?: V1NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  readonly to?: V1NetworkPolicyPeer[];
  readonly ports?: V1NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  readonly podSelector: V1LabelSelector;
  readonly policyTypes: ('Ingress' | 'Egress')[];
  readonly ingress?: NetworkPolicyIngressRule[];
  readonly egress?: NetworkPolicyEgressRule[];
}

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

/** What the controller sets, always all of it: identity, the managed-by label, the owner. */
export interface NetworkPolicyMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ownerReferences: OwnerReference[];
}

export interface NetworkPolicy {
  readonly apiVersion: 'networking.k8s.io/v1';
  readonly kind: 'NetworkPolicy';
  readonly metadata: NetworkPolicyMetadata;
  readonly spec: NetworkPolicySpec;
}
