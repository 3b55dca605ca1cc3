// Reading V1NetworkPolicy objects in either form they arrive in: client-node's typed objects (the
// ingress peers under `_from`) or plain wire JSON (`from`), with or without API server defaults.
import type { V1NetworkPolicy, V1NetworkPolicyIngressRule, V1NetworkPolicyPeer } from '@kubernetes/client-node';

export type Direction = 'Ingress' | 'Egress';

export function ingressPeers(rule: V1NetworkPolicyIngressRule): readonly V1NetworkPolicyPeer[] | undefined {
  const wire = rule as V1NetworkPolicyIngressRule & { readonly from?: V1NetworkPolicyPeer[] };
  return wire._from ?? wire.from;
}

/** policyTypes as the API server defaults them: Ingress always, Egress when egress rules exist. */
export function effectivePolicyTypes(policy: V1NetworkPolicy): readonly string[] {
  const declared = policy.spec?.policyTypes ?? [];
  if (declared.length > 0) return declared;
  return (policy.spec?.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function policyId(policy: V1NetworkPolicy): string {
  return `${policy.metadata?.namespace ?? '?'}/${policy.metadata?.name ?? '?'}`;
}
