// A workspace's VPC on QingCloud: a router with the workspace's range as its `vpc_network`, named
// after the workspace and its UID and tagged as ours. Creation attaches the tag while the job runs;
// a router found by name is adopted, and one with another range that the controller never recorded
// is replaced (an earlier run died between creating it and writing status).
import type { VpcRef, VpcSpec, VpcState } from '../contract.js';
import { retryableError, terminalError } from '../../util/errors.js';
import type { QingCloudApi } from './api.js';
import { hasRetCode } from './errors.js';
import { isLive, type Lookups } from './lookups.js';
import { vpcName } from './naming.js';
import { alongsideTagging, type OwnershipTag } from './ownership-tag.js';
import type { Router } from './types.js';
import { VerifiedCache } from './verified-cache.js';

/** The vpc_network values QingCloud accepts. */
export const QINGCLOUD_VPC_RANGES: readonly string[] = [
  '192.168.0.0/16',
  ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.0.0/16`),
];

export interface VpcDependencies {
  readonly api: QingCloudApi;
  readonly tag: OwnershipTag;
  readonly lookups: Lookups;
  readonly routerType: number;
  readonly verified: VerifiedCache<VpcState>;
}

/** Usable once created; a router busy joining subnets ("updating") is still a ready VPC. */
function vpcState(router: Router): VpcState {
  const ready = router.status === 'active' || router.status === 'poweroffed';
  return {
    id: router.router_id,
    cidr: router.vpc_network,
    ready,
    ...(ready ? {} : { message: `router ${router.router_id} is ${router.transition_status || router.status}` }),
  };
}

export class QingCloudVpcs {
  private readonly d: VpcDependencies;

  constructor(dependencies: VpcDependencies) {
    this.d = dependencies;
  }

  async ensure(vpc: VpcSpec, signal: AbortSignal): Promise<VpcState> {
    if (!QINGCLOUD_VPC_RANGES.includes(vpc.cidr)) {
      throw terminalError('VpcRangeNotAllowed', `QingCloud accepts only ${QINGCLOUD_VPC_RANGES.join(', ')} as a VPC range, not ${vpc.cidr}`);
    }
    signal.throwIfAborted();
    const name = vpcName(vpc.workspace, vpc.workspaceUid);
    const verified = this.d.verified.get(name);
    if (verified !== undefined && verified.cidr === vpc.cidr && (vpc.knownId === undefined || vpc.knownId === verified.id)) return verified;
    try {
      const state = await this.provision(vpc, name, signal);
      if (state.ready) this.d.verified.set(name, state);
      return state;
    } catch (err) {
      this.d.verified.delete(name);
      throw err;
    }
  }

  async delete(vpc: VpcRef, signal: AbortSignal): Promise<void> {
    await this.remove(vpcName(vpc.workspace, vpc.workspaceUid), vpc.id, signal);
  }

  /** Deletes the router named `name` (`id`: a hint) once nothing is joined to it; already gone is success. */
  async remove(name: string, id: string | undefined, signal: AbortSignal): Promise<void> {
    const { api } = this.d;
    this.d.verified.delete(name);
    const router = await this.d.lookups.router(name, id, signal);
    if (router === undefined) return;
    const joined = await api.describeRouterVxnets(router.router_id, undefined, signal);
    if (joined.length > 0) {
      throw retryableError('VpcNotEmpty', `router ${router.router_id} still has subnets ${joined.map((j) => j.vxnet_id).join(', ')}`);
    }
    if (router.transition_status !== '') {
      throw retryableError('ResourceBusy', `router ${router.router_id} is ${router.transition_status}`, undefined, 5000);
    }
    try {
      await api.deleteRouters([router.router_id], signal);
    } catch (err) {
      if (hasRetCode(err, 2100)) return;
      // A repeat of a delete whose answer was lost hears "has already been [deleted]": look.
      if (hasRetCode(err, 1400)) {
        const [again] = await api.describeRouters({ ids: [router.router_id] }, signal);
        if (again === undefined || !isLive(again)) return;
      }
      throw err;
    }
  }

  private async provision(vpc: VpcSpec, name: string, signal: AbortSignal): Promise<VpcState> {
    const { api } = this.d;
    const tagId = await this.d.tag.id(signal);
    let existing = await this.d.lookups.router(name, vpc.knownId, signal);
    if (existing !== undefined && existing.vpc_network !== vpc.cidr) {
      await this.replaceUnreportedRouter(existing, vpc, signal);
      existing = undefined;
    }
    if (existing !== undefined) {
      if (!(existing.tags ?? []).some((t) => t.tag_id === tagId)) {
        await api.attachTags([{ tag_id: tagId, resource_type: 'router', resource_id: existing.router_id }]);
      }
      return vpcState(existing);
    }
    const { routerId, jobId } = await api.createRouter({ name, vpcNetwork: vpc.cidr, routerType: this.d.routerType, description: `VPC of workspace ${vpc.workspace}` }, signal);
    // The tag goes on while the job runs (attaches of concurrent creates share one call). If this
    // process dies first, the router is still found by its name and adopted.
    const tagging = api.attachTags([{ tag_id: tagId, resource_type: 'router', resource_id: routerId }]);
    await alongsideTagging(tagging, () => api.waitJob(jobId, signal, 'CreateRouters'));
    return { id: routerId, cidr: vpc.cidr, ready: true };
  }

  /**
   * A router with our name but another range. QingCloud cannot change a vpc_network. If the
   * controller never recorded this router (no known id: an earlier run died between creating it
   * and writing status, and has since picked another range) and nothing is joined to it, it is
   * replaced; otherwise the change is refused.
   */
  private async replaceUnreportedRouter(router: Router, vpc: VpcSpec, signal: AbortSignal): Promise<void> {
    const { api } = this.d;
    const refuse = terminalError('VpcRangeImmutable', `router ${router.router_id} has vpc_network ${router.vpc_network}; QingCloud cannot change it to ${vpc.cidr}`);
    if (vpc.knownId !== undefined) throw refuse;
    // A join or leave in flight (here or sent before a crash) may not be listed yet: look again later.
    if (api.routerBusy(router.router_id) || router.transition_status !== '') {
      throw retryableError('ResourceBusy', `router ${router.router_id} is ${router.transition_status || 'busy'}; not replaced while it changes`, undefined, 5000);
    }
    if ((await api.describeRouterVxnets(router.router_id, undefined, signal)).length > 0) throw refuse;
    // Refused in the first seconds of its life ("lease info not ready"): retried, here or by the caller.
    await api.deleteRouters([router.router_id], signal);
  }
}
