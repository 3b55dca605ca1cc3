// Shapes of the QingCloud objects and responses this project reads (only the fields it uses or
// that help debugging; the API sends more).

export interface TagRef {
  readonly tag_id: string;
  readonly tag_name?: string;
  readonly color?: string;
}

export type RouterStatus = 'pending' | 'active' | 'poweroffed' | 'suspended' | 'deleted' | 'ceased';

export interface Router {
  readonly router_id: string;
  readonly router_name: string;
  readonly description?: string;
  readonly router_type: number;
  /** A RouterStatus; typed as string because the API may add states. */
  readonly status: string;
  /** Empty when idle; `creating`, `updating`, `deleting`, … while a job runs. */
  readonly transition_status: string;
  readonly vpc_network: string;
  readonly private_ip?: string;
  readonly is_applied?: number;
  readonly create_time: string;
  readonly status_time?: string;
  readonly tags?: readonly TagRef[];
  /** Present with verbose=1. */
  readonly vxnets?: readonly { readonly vxnet_id: string; readonly nic_id?: string }[];
}

export interface VxnetRouterInfo {
  readonly router_id: string;
  readonly router_name?: string;
  readonly manager_ip: string;
  readonly ip_network: string;
  readonly dyn_ip_start: string;
  readonly dyn_ip_end: string;
}

export interface Vxnet {
  readonly vxnet_id: string;
  readonly vxnet_name: string;
  /** 1 managed (usable with a router), 0 self-managed, 2 base network. */
  readonly vxnet_type: number;
  readonly description?: string;
  readonly create_time: string;
  /** "" when not joined to a router. */
  readonly vpc_router_id?: string;
  readonly router?: VxnetRouterInfo | null;
  readonly tags?: readonly TagRef[];
}

export interface RouterVxnet {
  readonly router_id: string;
  readonly vxnet_id: string;
  readonly vxnet_name?: string;
  readonly manager_ip: string;
  readonly ip_network: string;
  readonly dyn_ip_start: string;
  readonly dyn_ip_end: string;
  readonly features: number;
  readonly create_time?: string;
}

export interface ResourceTagPair {
  readonly tag_id: string;
  readonly resource_type: string;
  readonly resource_id: string;
}

export interface Tag {
  readonly tag_id: string;
  readonly tag_name: string;
  readonly description?: string;
  readonly color?: string;
  readonly create_time?: string;
  readonly resource_count?: number;
  /** Present with verbose=1. */
  readonly resource_tag_pairs?: readonly ResourceTagPair[];
}

export interface Job {
  readonly job_id: string;
  readonly job_action: string;
  readonly status: string;
  readonly create_time?: string;
  readonly status_time?: string;
  readonly resource_ids?: string;
  readonly error_codes?: string;
}

export interface MeterSeries {
  readonly meter_id: string;
  readonly vxnet_id?: string;
  readonly sequence?: number;
  readonly data: readonly unknown[];
}

export interface QuotaLeft {
  readonly resource_type: string;
  readonly left: number;
}
