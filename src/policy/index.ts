// Pure connectivity model (docs/connectivity.md): input types, NetworkPolicy rendering, the oracle
// and the matrix.
export type { Allowance, CanonicalPort } from './allowance.js';
export { ALLOW_ALL, ALLOW_NONE, allowanceKey, allowanceOfPorts, canonicalPorts, unionAllowances } from './allowance.js';
export { anyCidrContainsIp, cidrContainsIp, parseCidrRange, parseIp } from './cidr.js';
export type { ConnectionFinding, FlowExplanation, FlowRule, RuleId } from './explain.js';
export { explainFlow, ruleAllows } from './explain.js';
export type { ConnectivityMatrix, MatrixCell } from './matrix.js';
export { connectivityMatrix } from './matrix.js';
export { managedPolicyMetadata, PROJECT_POLICY_NAME, projectNamespaceLabels } from './metadata.js';
export type {
  ConnectionModel,
  ConnectivityConfig,
  ConnectivityInput,
  Endpoint,
  Flow,
  PortRange,
  ProjectModel,
  Protocol,
  WorkspaceModel,
} from './model.js';
export { allowanceBetween, isAllowed } from './oracle.js';
export { renderProjectPolicies } from './render.js';
export type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyMetadata, NetworkPolicySpec, OwnerReference } from './wire.js';
export type { ConnectivityView, EndpointClass } from './view.js';
export { classifyEndpoint, viewOf } from './view.js';
