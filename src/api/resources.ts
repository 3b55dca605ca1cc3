// REST coordinates of every custom resource the controller reads or writes, in the shape of
// src/kube/resource.ts `ResourceType` (structurally: api imports nothing from kube).
import {
  API_GROUP,
  API_VERSION,
  KIND_PROJECT_CONNECTION,
  KIND_PROJECT_NETWORK,
  KIND_WORKSPACE_NETWORK,
  KUBESPHERE_TENANT_GROUP,
  PLURAL_PROJECT_CONNECTIONS,
  PLURAL_PROJECT_NETWORKS,
  PLURAL_WORKSPACE_NETWORKS,
} from './constants.js';
import { IPAMBLOCK_KIND, IPAMBLOCK_PLURAL } from './external/calico-ipamblock.js';
import { CALICO_CRD_GROUP, CALICO_CRD_VERSION, IPPOOL_KIND, IPPOOL_PLURAL } from './external/calico-ippool.js';
import { HOSTNIC_GROUP, HOSTNIC_VERSION, VXNETPOOL_KIND, VXNETPOOL_PLURAL } from './external/hostnic-vxnetpool.js';
import { WORKSPACE_KIND, WORKSPACE_PLURAL, WORKSPACE_STORAGE_VERSION } from './external/kubesphere-workspace.js';

export const WORKSPACE_NETWORKS = {
  group: API_GROUP,
  version: API_VERSION,
  plural: PLURAL_WORKSPACE_NETWORKS,
  kind: KIND_WORKSPACE_NETWORK,
  namespaced: false,
} as const;

export const PROJECT_NETWORKS = {
  group: API_GROUP,
  version: API_VERSION,
  plural: PLURAL_PROJECT_NETWORKS,
  kind: KIND_PROJECT_NETWORK,
  namespaced: false,
} as const;

export const PROJECT_CONNECTIONS = {
  group: API_GROUP,
  version: API_VERSION,
  plural: PLURAL_PROJECT_CONNECTIONS,
  kind: KIND_PROJECT_CONNECTION,
  namespaced: false,
} as const;

/** KubeSphere workspaces through their storage version (v1beta1; KubeSphere 3 serves v1alpha1 only). */
export const KUBESPHERE_WORKSPACES = {
  group: KUBESPHERE_TENANT_GROUP,
  version: WORKSPACE_STORAGE_VERSION,
  plural: WORKSPACE_PLURAL,
  kind: WORKSPACE_KIND,
  namespaced: false,
} as const;

export const CALICO_IPPOOLS = {
  group: CALICO_CRD_GROUP,
  version: CALICO_CRD_VERSION,
  plural: IPPOOL_PLURAL,
  kind: IPPOOL_KIND,
  namespaced: false,
} as const;

export const CALICO_IPAMBLOCKS = {
  group: CALICO_CRD_GROUP,
  version: CALICO_CRD_VERSION,
  plural: IPAMBLOCK_PLURAL,
  kind: IPAMBLOCK_KIND,
  namespaced: false,
} as const;

export const HOSTNIC_VXNETPOOLS = {
  group: HOSTNIC_GROUP,
  version: HOSTNIC_VERSION,
  plural: VXNETPOOL_PLURAL,
  kind: VXNETPOOL_KIND,
  namespaced: false,
} as const;
