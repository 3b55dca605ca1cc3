// Where the project's CRD files live, for tests that install them into the local control plane.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CRD_FILES = {
  workspaceNetworks: join(root, 'charts/tenant-network-controller/crds/sdn.kubesphere.io_workspacenetworks.yaml'),
  projectNetworks: join(root, 'charts/tenant-network-controller/crds/sdn.kubesphere.io_projectnetworks.yaml'),
  projectConnections: join(root, 'charts/tenant-network-controller/crds/sdn.kubesphere.io_projectconnections.yaml'),
  kubesphereWorkspaces: join(root, 'charts/tenant-network-controller/optional-crds/tenant.kubesphere.io_workspaces.yaml'),
  calicoIpPools: join(root, 'test/crds/crd.projectcalico.org_ippools.yaml'),
  calicoIpamBlocks: join(root, 'test/crds/crd.projectcalico.org_ipamblocks.yaml'),
  hostnicVxNetPools: join(root, 'test/crds/network.qingcloud.com_vxnetpools.yaml'),
} as const;

/** Calico 3.28's IPPool CRD, without assignmentMode; not in ALL_CRD_FILES (one IPPool CRD at a time). */
export const CALICO_328_IPPOOL_CRD = join(root, 'test/crds/calico-3.28/crd.projectcalico.org_ippools.yaml');

export const ALL_CRD_FILES: readonly string[] = Object.values(CRD_FILES);
