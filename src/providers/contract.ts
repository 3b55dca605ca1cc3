// The SDN provider contract (docs/providers.md). Controllers depend on this interface only; `cmd`
// builds the configured provider through the registry (providers/registry.ts). Every call is idempotent and safe after a crash at any point: a provider finds
// what it made earlier by a deterministic name plus an ownership tag. Failures are thrown as
// `ControllerError` (src/util/errors.ts) whose `retryable` flag tells the runtime whether to back off
// and retry or to report a terminal condition.

export interface ProviderCapabilities {
  /** The provider can report per-subnet traffic (`sampleTraffic`). */
  readonly trafficMetrics: boolean;
  /** The only VPC ranges the provider accepts (QingCloud's `vpc_network` values); absent = any. */
  readonly allowedVpcRanges?: readonly string[];
  /** The only subnet prefix length the provider accepts (QingCloud: 24); absent = any. */
  readonly fixedSubnetPrefixLength?: number;
  /** The longest subnet prefix the provider can serve (Calico: one IPAM block); absent = any. */
  readonly maxSubnetPrefixLength?: number;
  /** VPCs are isolated from each other, so two workspaces may reuse the same VPC range. */
  readonly vpcRangesMayRepeat?: boolean;
  /** Namespace annotation keys that `ensureSubnet` may return; removed when a project stops being one. */
  readonly namespaceAnnotationKeys?: readonly string[];
  /** A pod annotation the dataplane reads the subnet from (the webhook stamps the subnet id under it). */
  readonly podSubnetAnnotationKey?: string;
}

/** A workspace's VPC as the controller wants it. */
export interface VpcSpec {
  /** Workspace name; also the stable identity of the VPC. */
  readonly workspace: string;
  /** Workspace UID, so a re-created workspace of the same name gets a new VPC. */
  readonly workspaceUid: string;
  readonly cidr: string;
  /** The id recorded in status by an earlier call, if any (a hint: providers still verify it). */
  readonly knownId?: string;
}

export interface VpcRef {
  readonly workspace: string;
  readonly workspaceUid: string;
  readonly id?: string;
}

/** Something the provider found that does not stop the object working but is worth knowing. */
export interface ProviderWarning {
  /** A condition reason (CamelCase). */
  readonly reason: string;
  readonly message: string;
}

export interface VpcState {
  readonly id: string;
  readonly cidr: string;
  /** True when the VPC is usable (created and not in transition). */
  readonly ready: boolean;
  /** Human-readable state when not ready. */
  readonly message?: string;
  /** Reported as `Degraded=True` (e.g. Calico: a pool someone else made overlaps the VPC range). */
  readonly warning?: ProviderWarning;
}

export interface SubnetSpec {
  readonly workspace: string;
  readonly project: string;
  readonly projectUid: string;
  readonly cidr: string;
  readonly gateway: string;
  readonly vpc: VpcRef & { readonly id: string; readonly cidr: string };
  readonly knownId?: string;
}

export interface SubnetRef {
  readonly workspace: string;
  readonly project: string;
  readonly projectUid: string;
  readonly id?: string;
  readonly vpcId?: string;
}

export interface SubnetState {
  readonly id: string;
  readonly cidr: string;
  readonly gateway: string;
  readonly ready: boolean;
  readonly message?: string;
  /**
   * Annotations the project namespace must carry for the dataplane to use this subnet (Calico:
   * `cni.projectcalico.org/ipv4pools`). The controller writes them together with its own namespace
   * labels, in one patch.
   */
  readonly namespaceAnnotations?: Readonly<Record<string, string>>;
}

/** A subnet whose used addresses are asked for: its range as recorded in status. */
export interface AddressUsageRequest extends SubnetRef {
  readonly cidr: string;
}

export interface AddressUsage {
  readonly subnet: AddressUsageRequest;
  /** Addresses of the subnet handed to pods right now. */
  readonly used: number;
}

export interface TrafficSample {
  readonly subnet: SubnetRef;
  /** Unix milliseconds of the newest sample used. */
  readonly timestampMs: number;
  readonly ingressBytesPerSecond: number;
  readonly egressBytesPerSecond: number;
}

/** Something the provider made, found by its ownership mark (a tag, a label). */
export interface OwnedResource {
  readonly kind: 'vpc' | 'subnet';
  readonly id: string;
  readonly name: string;
  /** The workspace/project the deterministic name (or labels) encode, when they can be read back. */
  readonly workspace?: string;
  readonly project?: string;
  /**
   * The owner's UID as the resource records it — the workspace's for a VPC, the ProjectNetwork's for
   * a subnet — whole or a prefix (QingCloud keeps 12 hex digits in the name).
   */
  readonly ownerUid?: string;
}

export interface NetworkProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  ensureVpc(vpc: VpcSpec, signal: AbortSignal): Promise<VpcState>;
  /** Idempotent; a VPC that is already gone is success. */
  deleteVpc(vpc: VpcRef, signal: AbortSignal): Promise<void>;
  ensureSubnet(subnet: SubnetSpec, signal: AbortSignal): Promise<SubnetState>;
  /** Idempotent; a subnet that is already gone is success. Resolves only once it is really gone. */
  deleteSubnet(subnet: SubnetRef, signal: AbortSignal): Promise<void>;
  sampleTraffic?(subnets: readonly SubnetRef[], signal: AbortSignal): Promise<TrafficSample[]>;
  /**
   * How many addresses of each subnet are in use, where the provider can tell (Calico: its IPAM
   * blocks). Optional; one answer for all subnets, so a round costs a list, not a call per project.
   */
  addressUsage?(subnets: readonly AddressUsageRequest[], signal: AbortSignal): Promise<AddressUsage[]>;
  /** Everything carrying the controller's ownership mark, referenced or not (for the orphan sweep). */
  listOwned(signal: AbortSignal): Promise<OwnedResource[]>;
  /**
   * Removes one resource listOwned returned, but only while it is still that resource and still
   * ours (same name and id, ownership mark in place); gone is success. A VPC with subnets left fails
   * retryably.
   */
  deleteOwned(resource: OwnedResource, signal: AbortSignal): Promise<void>;
  /**
   * Pod address ranges in the cluster that this provider did not create for a project (e.g. Calico's
   * default pool), so egress to "outside" can exclude every pod address. Optional: configured
   * ranges are used as well.
   */
  clusterPodCidrs?(signal: AbortSignal): Promise<string[]>;
  /**
   * The namespace annotations `ensureSubnet` would return for this project, without asking the
   * backend: a value on the namespace that differs is someone else's (e.g. KubeSphere's network
   * extension), reported instead of overwritten.
   */
  namespaceAnnotationsFor?(project: string): Readonly<Record<string, string>>;
  /** Shutdown: drops queued API calls and background work so nothing keeps the process alive. */
  close?(): void;
}
