// NetworkPolicy evaluator for tests: the Kubernetes semantics of policies, pods and namespaces.
export { namespaceInfoOf, podEndpointOf } from './adapters.js';
export type { ClusterState, EvaluatorResult, NetworkPolicyEvaluator } from './evaluator.js';
export { createEvaluator } from './evaluator.js';
export { selectorMatches } from './labels.js';
export type {
  EvaluatorOptions,
  ExternalEndpoint,
  NamedContainerPort,
  NamespaceInfo,
  PodEndpoint,
  Protocol,
  SideResult,
  Traffic,
  TrafficEndpoint,
  Verdict,
} from './types.js';
