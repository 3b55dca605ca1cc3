// What the NetworkPolicy evaluator is asked about: namespaces with their labels, traffic endpoints
// (pods, or addresses outside any pod) and one protocol/port.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface NamespaceInfo {
  readonly name: string;
  /** As the API server returns them, so including `kubernetes.io/metadata.name`. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface NamedContainerPort {
  readonly name: string;
  readonly protocol: Protocol;
  readonly port: number;
}

export interface PodEndpoint {
  readonly kind: 'pod';
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pod address; only needed for ipBlock peers to see the pod (see `podIpsMatchIpBlocks`). */
  readonly ip?: string;
  /** Container ports by name, to resolve named ports in rules; absent = unknown (named ports unsupported). */
  readonly namedPorts?: readonly NamedContainerPort[];
}

/** An address that belongs to no pod: only ipBlock peers can match it, and no policy applies to it. */
export interface ExternalEndpoint {
  readonly kind: 'external';
  readonly ip: string;
}

export type TrafficEndpoint = PodEndpoint | ExternalEndpoint;

export interface Traffic {
  readonly protocol: Protocol;
  readonly port: number;
}

/** One direction's say: no policy isolates the pod (or it is no pod), a rule allows, or none does. */
export type SideResult =
  | { readonly state: 'unrestricted' }
  | { readonly state: 'allowed'; readonly by: string }
  | { readonly state: 'denied'; readonly isolatedBy: readonly string[] };

export type Verdict =
  | { readonly kind: 'decided'; readonly allowed: boolean; readonly egress: SideResult; readonly ingress: SideResult }
  /** The answer depends on something the evaluator does not model (e.g. an unresolvable named port). */
  | { readonly kind: 'unsupported'; readonly reason: string };

export interface EvaluatorOptions {
  /**
   * Whether ipBlock peers match pod addresses too. Kubernetes leaves this to the implementation;
   * Calico does match them, which is why "outside" must except every pod range. Default true.
   */
  readonly podIpsMatchIpBlocks?: boolean;
}
