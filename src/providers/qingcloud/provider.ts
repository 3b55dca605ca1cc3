// The QingCloud SDN provider: a workspace's VPC is a router with a `vpc_network` (vpcs.ts), a
// project's subnet is a managed vxnet joined to that router with the project's /24, DHCP on
// (subnets.ts). Everything it creates carries one controller-wide ownership tag and a deterministic
// name, so every call can be repeated and a crash between "create" and "record the id" ends in
// adoption, never in a duplicate. With hostnic (hostnic/), a subnet is ready only once hostnic will
// give the project's pods addresses from it. This class puts the parts together behind the contract.
import type {
  NetworkProvider,
  OwnedResource,
  ProviderCapabilities,
  SubnetRef,
  SubnetSpec,
  SubnetState,
  TrafficSample,
  VpcRef,
  VpcSpec,
  VpcState,
} from '../contract.js';
import type { QingCloudApi } from './api.js';
import type { HostnicRegistrar } from './hostnic/registrar.js';
import { listOwned } from './inventory.js';
import { Lookups } from './lookups.js';
import { QINGCLOUD } from './naming.js';
import { OwnershipTag } from './ownership-tag.js';
import { QingCloudSubnets } from './subnets.js';
import { sampleTraffic } from './traffic.js';
import { VerifiedCache } from './verified-cache.js';
import { QINGCLOUD_VPC_RANGES, QingCloudVpcs } from './vpcs.js';

export { QINGCLOUD_VPC_RANGES } from './vpcs.js';

export interface QingCloudProviderOptions {
  /** Name of the controller-wide ownership tag (at most 15 characters); default `ks-vpc-ctl`. */
  readonly tagName?: string;
  /** 0 medium, 1 small (default), 2 large, 3 extra-large. */
  readonly routerType?: number;
  /** Window of monitor data read by sampleTraffic; default 15 min. */
  readonly trafficWindowMs?: number;
  /**
   * How long a VPC or subnet this process created or verified counts as verified, so repeated
   * ensure calls with the same spec cost no API call; default 10 min, 0 = always look it up.
   */
  readonly verifiedTtlMs?: number;
  /** How long a lookup waits for concurrent lookups to share its Describe call; default 20 ms. */
  readonly lookupWindowMs?: number;
  readonly now?: () => number;
  /** Tells hostnic about each project's vxnet (mode vxnetpool); absent = hostnic is not told. */
  readonly hostnic?: HostnicRegistrar;
  /** Mode annotation: the pod annotation older hostnic releases read the vxnet from. */
  readonly podSubnetAnnotationKey?: string;
}

export class QingCloudProvider implements NetworkProvider {
  readonly name = QINGCLOUD;
  readonly capabilities: ProviderCapabilities;
  private readonly hostnic: HostnicRegistrar | undefined;
  private readonly api: QingCloudApi;
  private readonly tag: OwnershipTag;
  private readonly vpcs: QingCloudVpcs;
  private readonly subnets: QingCloudSubnets;
  private readonly trafficWindowMs: number;
  private readonly now: () => number;

  constructor(api: QingCloudApi, options: QingCloudProviderOptions = {}) {
    this.api = api;
    this.hostnic = options.hostnic;
    this.capabilities = {
      trafficMetrics: true,
      allowedVpcRanges: QINGCLOUD_VPC_RANGES,
      fixedSubnetPrefixLength: 24,
      vpcRangesMayRepeat: true,
      ...(options.podSubnetAnnotationKey === undefined ? {} : { podSubnetAnnotationKey: options.podSubnetAnnotationKey }),
    };
    this.now = options.now ?? Date.now;
    this.trafficWindowMs = options.trafficWindowMs ?? 15 * 60_000;
    this.tag = new OwnershipTag(api, options.tagName ?? 'ks-vpc-ctl');
    const lookups = new Lookups(api, options.lookupWindowMs ?? 20);
    const ttl = options.verifiedTtlMs ?? 600_000;
    this.vpcs = new QingCloudVpcs({ api, tag: this.tag, lookups, routerType: options.routerType ?? 1, verified: new VerifiedCache(ttl, this.now) });
    this.subnets = new QingCloudSubnets({ api, tag: this.tag, lookups, verified: new VerifiedCache(ttl, this.now) });
  }

  ensureVpc(vpc: VpcSpec, signal: AbortSignal): Promise<VpcState> {
    return this.vpcs.ensure(vpc, signal);
  }

  deleteVpc(vpc: VpcRef, signal: AbortSignal): Promise<void> {
    return this.vpcs.delete(vpc, signal);
  }

  /** The vxnet joined, then (with hostnic) registered and mapped: ready only when pods can use it. */
  async ensureSubnet(subnet: SubnetSpec, signal: AbortSignal): Promise<SubnetState> {
    const state = await this.subnets.ensure(subnet, signal);
    if (!state.ready || this.hostnic === undefined) return state;
    const registration = await this.hostnic.ensure(subnet.project, state.id, signal);
    return { ...state, ready: registration.ready, ...(registration.message === undefined ? {} : { message: registration.message }) };
  }

  /** hostnic lets go of the vxnet (namespace unmapped, then out of the pool) before it is deleted. */
  async deleteSubnet(subnet: SubnetRef, signal: AbortSignal): Promise<void> {
    if (this.hostnic !== undefined) await this.hostnic.release(subnet.project, subnet.id, signal);
    await this.subnets.delete(subnet, signal);
  }

  sampleTraffic(subnets: readonly SubnetRef[], signal: AbortSignal): Promise<TrafficSample[]> {
    return sampleTraffic(this.api, subnets, { end: new Date(this.now()), ms: this.trafficWindowMs }, signal);
  }

  /** Everything carrying the ownership tag, plus untagged resources with our names (a crash before tagging). */
  listOwned(signal: AbortSignal): Promise<OwnedResource[]> {
    return listOwned(this.api, this.tag, signal);
  }

  /** By name and id together: a resource renamed or replaced since it was listed is left alone. */
  deleteOwned(resource: OwnedResource, signal: AbortSignal): Promise<void> {
    return resource.kind === 'vpc' ? this.vpcs.remove(resource.name, resource.id, signal) : this.subnets.remove(resource.name, resource.id, signal);
  }

  /** Shutdown: queued calls (a throttled budget can hold them for a whole window) are rejected. */
  close(): void {
    this.api.client.close();
  }
}
