// The simulator's records. Field names follow the API so Describe* can copy them out.

export interface SimJoin {
  readonly router_id: string;
  readonly ip_network: string;
  readonly manager_ip: string;
  readonly dyn_ip_start: string;
  readonly dyn_ip_end: string;
  readonly features: number;
  readonly joinedAtMs: number;
}

export interface SimRouter {
  readonly router_id: string;
  router_name: string;
  description: string;
  readonly router_type: number;
  readonly vpc_network: string;
  readonly vpc_id: string;
  readonly private_ip: string;
  readonly security_group_id: string;
  status: string;
  transition_status: string;
  readonly createdAtMs: number;
  statusAtMs: number;
  deletedAtMs?: number;
  readonly seq: number;
}

export interface SimVxnet {
  readonly vxnet_id: string;
  vxnet_name: string;
  readonly vxnet_type: number;
  description: string;
  readonly createdAtMs: number;
  readonly seq: number;
  /** Set once a JoinRouter job has succeeded. */
  join?: SimJoin;
  /** A JoinRouter/LeaveRouter job is running for this vxnet. */
  busy?: 'joining' | 'leaving';
  /** The address a running JoinRouter reserved. */
  pendingJoin?: SimJoin;
}

export interface SimTag {
  readonly tag_id: string;
  tag_name: string;
  readonly color: string;
  readonly description: string;
  readonly createdAtMs: number;
  readonly seq: number;
}

export interface SimJob {
  readonly job_id: string;
  readonly job_action: string;
  readonly resource_ids: string;
  readonly createdAtMs: number;
  readonly startAtMs: number;
  readonly endAtMs: number;
  readonly willFail: boolean;
  readonly seq: number;
  /** Final status once applied: 'successful' | 'failed'. */
  final?: 'successful' | 'failed';
  finishedAtMs?: number;
  readonly onSuccess: () => void;
  readonly onFailure: () => void;
}

export interface TagPair {
  readonly tag_id: string;
  readonly resource_type: string;
  readonly resource_id: string;
}
