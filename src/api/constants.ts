// Names shared by every part of the controller: API group, labels, annotations, finalizers.

export const API_GROUP = 'sdn.kubesphere.io';
export const API_VERSION = 'v1alpha1';
export const API_GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;

export const KIND_WORKSPACE_NETWORK = 'WorkspaceNetwork';
export const KIND_PROJECT_NETWORK = 'ProjectNetwork';
export const KIND_PROJECT_CONNECTION = 'ProjectConnection';

export const PLURAL_WORKSPACE_NETWORKS = 'workspacenetworks';
export const PLURAL_PROJECT_NETWORKS = 'projectnetworks';
export const PLURAL_PROJECT_CONNECTIONS = 'projectconnections';

/** The name the controller uses as field manager, in managed-by labels and as Event source. */
export const CONTROLLER_NAME = 'tenant-network-controller';

export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Controller-owned namespace label that policies select on (tenants cannot set it: see the VAP). */
export const LABEL_WORKSPACE = `${API_GROUP}/workspace`;
export const LABEL_PROJECT = `${API_GROUP}/project`;
/**
 * Controller-owned namespace annotations that let a project's own users see its network (they
 * cannot read the cluster-scoped ProjectNetwork): the subnet, its gateway, the VPC and the phase.
 */
export const ANNOTATION_SUBNET = `${API_GROUP}/subnet`;
export const ANNOTATION_GATEWAY = `${API_GROUP}/gateway`;
export const ANNOTATION_VPC = `${API_GROUP}/vpc`;
export const ANNOTATION_PHASE = `${API_GROUP}/phase`;
export const TENANT_VIEW_ANNOTATIONS = [ANNOTATION_SUBNET, ANNOTATION_GATEWAY, ANNOTATION_VPC, ANNOTATION_PHASE] as const;
/** Set by Kubernetes on every namespace; immutable, so safe to select on. */
export const LABEL_NAMESPACE_NAME = 'kubernetes.io/metadata.name';

/** KubeSphere's own label and annotations that mark a project and its isolation. */
export const KS_LABEL_WORKSPACE = 'kubesphere.io/workspace';
export const KS_ANNOTATION_NETWORK_ISOLATE = 'kubesphere.io/network-isolate';

export const FINALIZER = `${API_GROUP}/cleanup`;

export const KUBESPHERE_TENANT_GROUP = 'tenant.kubesphere.io';

/** Controller-owned namespace annotations with a project's effective bandwidth limit (Kubernetes quantities). */
export const ANNOTATION_INGRESS_BANDWIDTH_LIMIT = `${API_GROUP}/ingress-bandwidth-limit`;
export const ANNOTATION_EGRESS_BANDWIDTH_LIMIT = `${API_GROUP}/egress-bandwidth-limit`;

/** Pod Security Admission's namespace labels (the controller sets the enforce level of projects). */
export const LABEL_POD_SECURITY_ENFORCE = 'pod-security.kubernetes.io/enforce';
export const LABEL_POD_SECURITY_ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';
