// How the QingCloud provider tells hostnic which vxnet a project's pods use (docs/providers.md):
//  - vxnetpool (default): the project's vxnet goes into hostnic's VxNetPool and the project's
//    namespace is mapped to that vxnet's blocks in hostnic's IPAM ConfigMap;
//  - annotation: older hostnic releases; the pod webhook stamps `hostnic.network.kubesphere.io/vxnet`
//    on every pod of the project;
//  - off: hostnic is not told (pods keep coming from hostnic's default vxnets).
// `autoAssign: on` leaves the namespace mapping to hostnic's own controller.

export const HOSTNIC_MODES = ['vxnetpool', 'annotation', 'off'] as const;
export type HostnicMode = (typeof HOSTNIC_MODES)[number];
export const AUTO_ASSIGN_MODES = ['off', 'on'] as const;
export type AutoAssignMode = (typeof AUTO_ASSIGN_MODES)[number];

export interface HostnicSettings {
  readonly mode: HostnicMode;
  readonly autoAssign: AutoAssignMode;
  /** The cluster-scoped VxNetPool the controller adds its vxnets to. */
  readonly vxnetPool: string;
  readonly configMapNamespace: string;
  readonly configMapName: string;
  /** How long a change waits for company, so a burst of projects is one write of each object (as the workspaces' project counts are batched). */
  readonly batchWindowMs: number;
  /** How long one read of the two objects answers every project's check. */
  readonly snapshotTtlMs: number;
}

export const DEFAULT_HOSTNIC_SETTINGS: HostnicSettings = {
  mode: 'vxnetpool',
  autoAssign: 'off',
  vxnetPool: 'v-pool',
  configMapNamespace: 'kube-system',
  configMapName: 'hostnic-ipam-config',
  batchWindowMs: 2000,
  snapshotTtlMs: 1000,
};

/** The pod annotation older hostnic releases read (mode `annotation`). */
export const HOSTNIC_POD_VXNET_ANNOTATION = 'hostnic.network.kubesphere.io/vxnet';
