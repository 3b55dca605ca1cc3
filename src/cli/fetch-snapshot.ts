// Reads the snapshot: namespaces and workspaces (metadata only) and the three tenantnet kinds, to be
// judged by the given controller settings.
import { API_GROUP } from '../api/constants.js';
import { KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../api/resources.js';
import { isNotFound } from '../kube/api-error.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { CORE, type ResourceType } from '../kube/resource.js';
import type { ControllerSettings } from './controller-settings.js';
import { CliError, EXIT } from './exit-codes.js';
import type { ClusterSnapshot, ProjectConnectionObject, ProjectNetworkObject, WorkspaceNetworkObject } from './snapshot.js';

async function listOwn<T extends KubeObject>(client: KubeClient, type: ResourceType): Promise<T[]> {
  try {
    return (await client.list<T>(type)).items;
  } catch (err) {
    if (isNotFound(err)) {
      throw new CliError(EXIT.unavailable, `the ${API_GROUP} CRDs are not installed in this cluster (${type.plural} not served): install the Helm chart or apply charts/tenant-network-controller/crds/`);
    }
    throw err;
  }
}

/** The settings may still be on their way: the lists do not depend on them, so all go at once. */
export async function fetchSnapshot(client: KubeClient, settings: ControllerSettings | Promise<ControllerSettings>): Promise<ClusterSnapshot> {
  const [namespaces, workspaces, workspaceNetworks, projectNetworks, connections, judgedBy] = await Promise.all([
    client.list<KubeObject>(CORE.namespaces, { metadataOnly: true }).then((l) => l.items),
    // Without KubeSphere's Workspace CRD there are no workspaces, hence no projects.
    client.list<KubeObject>(KUBESPHERE_WORKSPACES, { metadataOnly: true }).then(
      (l) => l.items,
      (err: unknown) => {
        if (isNotFound(err)) return [];
        throw err;
      },
    ),
    listOwn<WorkspaceNetworkObject>(client, WORKSPACE_NETWORKS),
    listOwn<ProjectNetworkObject>(client, PROJECT_NETWORKS),
    listOwn<ProjectConnectionObject>(client, PROJECT_CONNECTIONS),
    settings,
  ]);
  return { namespaces, workspaces, workspaceNetworks, projectNetworks, connections, settings: judgedBy };
}
