// Identity and ownership of the policies the controller writes: a fixed name per project namespace,
// the managed-by label (how the controller tells its objects from a tenant's), and an ownerReference
// to the ProjectNetwork so the policy goes away with it.
import { API_GROUP_VERSION, CONTROLLER_NAME, KIND_PROJECT_NETWORK, LABEL_MANAGED_BY, LABEL_WORKSPACE } from '../api/constants.js';
import type { ConnectivityConfig, ProjectModel } from './model.js';
import type { NetworkPolicyMetadata } from './wire.js';

/** The one NetworkPolicy the controller keeps in each project namespace. */
export const PROJECT_POLICY_NAME = 'tenant-network-isolation';

export function managedPolicyMetadata(project: ProjectModel, config: ConnectivityConfig): NetworkPolicyMetadata {
  return {
    name: PROJECT_POLICY_NAME,
    namespace: project.name,
    labels: { [LABEL_MANAGED_BY]: config.controllerName ?? CONTROLLER_NAME },
    ownerReferences: [
      {
        apiVersion: API_GROUP_VERSION,
        kind: KIND_PROJECT_NETWORK,
        name: project.name,
        uid: project.uid,
        controller: true,
        blockOwnerDeletion: false,
      },
    ],
  };
}

/** Labels the controller must keep on a project's namespace for the rendered selectors to match it. */
export function projectNamespaceLabels(project: ProjectModel): Record<string, string> {
  return { [LABEL_WORKSPACE]: project.workspace };
}
