// Reads, from the apiserver, everything the invariant checker looks at.
import { CALICO_IPPOOLS, KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../../src/api/resources.js';
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import { CORE } from '../../../src/kube/resource.js';
import type { ClusterObjects, NetworkObject } from './invariants.js';

export async function listClusterObjects(client: KubeClient): Promise<ClusterObjects> {
  const [namespaces, workspaces, workspaceNetworks, projectNetworks, projectConnections, ipPools, networkPolicies] = await Promise.all([
    client.list<KubeObject>(CORE.namespaces),
    client.list<KubeObject>(KUBESPHERE_WORKSPACES),
    client.list<NetworkObject>(WORKSPACE_NETWORKS),
    client.list<NetworkObject>(PROJECT_NETWORKS),
    client.list<NetworkObject>(PROJECT_CONNECTIONS),
    client.list<NetworkObject>(CALICO_IPPOOLS),
    client.list<KubeObject>(CORE.networkPolicies),
  ]);
  return {
    namespaces: namespaces.items,
    workspaces: workspaces.items,
    workspaceNetworks: workspaceNetworks.items,
    projectNetworks: projectNetworks.items,
    projectConnections: projectConnections.items,
    ipPools: ipPools.items,
    networkPolicies: networkPolicies.items,
  };
}
