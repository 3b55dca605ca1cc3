// A project's subnet on QingCloud: a managed vxnet named after the project and its UID, tagged as
// ours and joined to the workspace's router with the project's /24 (DHCP on). Joins to one router
// run one at a time, so only the first in line waits; the others run on in the background and are
// collected by a later call (background-joins.ts). A vxnet the controller never recorded may be
// moved to another range; a recorded one never is.
import type { SubnetRef, SubnetSpec, SubnetState } from '../contract.js';
import { ControllerError, errorMessage, isControllerError, retryableError, terminalError } from '../../util/errors.js';
import type { QingCloudApi } from './api.js';
import { BackgroundJoins, untilAborted, type JoinOutcome, type JoinTask } from './background-joins.js';
import { hasRetCode, isQingCloudApiError, type QingCloudApiError } from './errors.js';
import type { Lookups } from './lookups.js';
import { SUBNET_NAME_PREFIX, subnetName } from './naming.js';
import { alongsideTagging, type OwnershipTag } from './ownership-tag.js';
import { subnetRangeProblem } from './subnet-rules.js';
import type { Vxnet } from './types.js';
import type { VerifiedCache } from './verified-cache.js';

export interface SubnetDependencies {
  readonly api: QingCloudApi;
  readonly tag: OwnershipTag;
  readonly lookups: Lookups;
  readonly verified: VerifiedCache<SubnetState & { readonly routerId: string }>;
}

export class QingCloudSubnets {
  private readonly d: SubnetDependencies;
  private readonly joins = new BackgroundJoins();

  constructor(dependencies: SubnetDependencies) {
    this.d = dependencies;
  }

  async ensure(subnet: SubnetSpec, signal: AbortSignal): Promise<SubnetState> {
    const problem = subnetRangeProblem(subnet.cidr, subnet.vpc.cidr);
    if (problem !== undefined) throw terminalError('SubnetRangeInvalid', problem);
    signal.throwIfAborted();
    const name = subnetName(subnet.workspace, subnet.project, subnet.projectUid);
    const verified = this.d.verified.get(name);
    if (
      verified !== undefined &&
      verified.cidr === subnet.cidr &&
      verified.routerId === subnet.vpc.id &&
      (subnet.knownId === undefined || subnet.knownId === verified.id)
    ) {
      return { id: verified.id, cidr: verified.cidr, gateway: verified.gateway, ready: verified.ready };
    }
    try {
      const running = this.joins.get(name);
      if (running !== undefined) {
        if (running.routerId === subnet.vpc.id && running.cidr === subnet.cidr) return this.joinProgress(name, running, subnet);
        await untilAborted(this.joins.settle(name), signal); // planned differently before: let that finish first
      }
      const state = await this.provision(subnet, name, signal);
      if (state.ready) this.d.verified.set(name, { ...state, routerId: subnet.vpc.id });
      return state;
    } catch (err) {
      this.d.verified.delete(name);
      throw err;
    }
  }

  async delete(subnet: SubnetRef, signal: AbortSignal): Promise<void> {
    await this.remove(subnetName(subnet.workspace, subnet.project, subnet.projectUid), subnet.id, signal);
  }

  /** Leaves the router (if joined) and deletes the vxnet named `name` (`id`: a hint); already gone is success. */
  async remove(name: string, id: string | undefined, signal: AbortSignal): Promise<void> {
    this.d.verified.delete(name);
    // A join still running would fight the leave: let it finish (whatever its outcome) first.
    await untilAborted(this.joins.settle(name), signal);
    const vxnet = await this.d.lookups.vxnet(name, id, signal);
    if (vxnet === undefined) return;
    const routerId = vxnet.vpc_router_id;
    if (routerId !== undefined && routerId !== '') await this.leave(routerId, vxnet.vxnet_id, signal);
    try {
      await this.d.api.deleteVxnets([vxnet.vxnet_id], signal);
    } catch (err) {
      if (hasRetCode(err, 2100)) return;
      throw err;
    }
  }

  private subnetState(vxnet: Vxnet, subnet: SubnetSpec): SubnetState | ControllerError {
    const router = vxnet.router ?? undefined;
    if (router === undefined || vxnet.vpc_router_id === '' || vxnet.vpc_router_id === undefined) {
      return { id: vxnet.vxnet_id, cidr: subnet.cidr, gateway: subnet.gateway, ready: false, message: `vxnet ${vxnet.vxnet_id} is not joined` };
    }
    if (router.router_id !== subnet.vpc.id || router.ip_network !== subnet.cidr) {
      return terminalError('SubnetConflict', `vxnet ${vxnet.vxnet_id} is joined to ${router.router_id} as ${router.ip_network}, wanted ${subnet.vpc.id} as ${subnet.cidr}`);
    }
    return { id: vxnet.vxnet_id, cidr: router.ip_network, gateway: router.manager_ip, ready: true };
  }

  /** A started join: not ready while it runs; its result (or its error, once) when it is done. */
  private joinProgress(name: string, task: JoinTask, subnet: SubnetSpec): SubnetState {
    const outcome: JoinOutcome | undefined = this.joins.take(name);
    if (outcome === undefined) {
      return { id: task.vxnetId, cidr: subnet.cidr, gateway: subnet.gateway, ready: false, message: `vxnet ${task.vxnetId} is being joined to router ${task.routerId}` };
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.state;
  }

  private async provision(subnet: SubnetSpec, name: string, signal: AbortSignal): Promise<SubnetState> {
    const { api } = this.d;
    const tagId = await this.d.tag.id(signal);
    const vxnet = await this.d.lookups.vxnet(name, subnet.knownId, signal);
    let vxnetId: string;
    // Tagging runs alongside the join (attaches of concurrent creates share one call); an untagged
    // vxnet left by a crash is still found by its name.
    let tagging: Promise<void> = Promise.resolve();
    if (vxnet === undefined) {
      const [created] = await api.createVxnets(name, 1, signal);
      if (created === undefined) throw retryableError('CreateFailed', 'CreateVxnets returned no id');
      vxnetId = created;
      tagging = api.attachTags([{ tag_id: tagId, resource_type: 'vxnet', resource_id: vxnetId }]);
    } else {
      vxnetId = vxnet.vxnet_id;
      if (!(vxnet.tags ?? []).some((t) => t.tag_id === tagId)) {
        tagging = api.attachTags([{ tag_id: tagId, resource_type: 'vxnet', resource_id: vxnetId }]);
      }
      const state = this.subnetState(vxnet, subnet);
      // Awaited below, or by the join; handled here too in case the leave fails first.
      tagging.catch(() => undefined);
      if (state instanceof ControllerError && mayRejoin(subnet)) {
        // Never recorded (an earlier run died mid-join with the range it had picked then): move it.
        await this.leave(vxnet.vpc_router_id ?? '', vxnetId, signal);
      } else if (state instanceof ControllerError || state.ready) {
        await tagging;
        if (state instanceof ControllerError) throw state;
        return state;
      }
    }
    // Waiting behind other joins of this router would hold the caller's worker: only the first in
    // line waits for its join; the others are reported "not ready" and collected on a later call.
    const queued = api.routerBusy(subnet.vpc.id);
    const task = this.joins.start(name, { routerId: subnet.vpc.id, vxnetId, cidr: subnet.cidr }, () => alongsideTagging(tagging, () => this.join(subnet, vxnetId)));
    if (!queued) await untilAborted(task.done, signal);
    return this.joinProgress(name, task, subnet);
  }

  /** Runs on past the call that started it, so it takes no caller's signal. */
  private async join(subnet: SubnetSpec, vxnetId: string): Promise<SubnetState> {
    const { api } = this.d;
    try {
      await api.joinRouter({ router: subnet.vpc.id, vxnet: vxnetId, ipNetwork: subnet.cidr, managerIp: subnet.gateway });
    } catch (err) {
      // A join sent before a crash may have finished meanwhile ("already joined"): check before failing.
      if (!isQingCloudApiError(err) || err.retCode !== 1400) throw err;
      const [vxnet] = await api.describeVxnets({ ids: [vxnetId] });
      const state = vxnet === undefined ? undefined : this.subnetState(vxnet, subnet);
      if (state !== undefined && !(state instanceof ControllerError) && state.ready) return state;
      // Joined with another range by an earlier run: the next call moves it.
      if (state instanceof ControllerError) throw mayRejoin(subnet) ? retryableError('SubnetRejoin', state.message, state) : state;
      throw await this.explainRefusedJoin(err, subnet);
    }
    return { id: vxnetId, cidr: subnet.cidr, gateway: subnet.gateway, ready: true };
  }

  /**
   * A refused join whose range another vxnet on the router holds: if that vxnet is ours, the
   * range is being given up (a project deleted, or moved after a crash) and the join is retried
   * later; a foreign vxnet holding it needs a person.
   */
  private async explainRefusedJoin(err: QingCloudApiError, subnet: SubnetSpec): Promise<ControllerError> {
    const holder = (await this.d.api.describeRouterVxnets(subnet.vpc.id)).find((j) => j.ip_network === subnet.cidr);
    if (holder === undefined) return err;
    if ((holder.vxnet_name ?? '').startsWith(SUBNET_NAME_PREFIX)) {
      return retryableError('SubnetRangeBusy', `${subnet.cidr} on router ${subnet.vpc.id} is still held by ${holder.vxnet_id}`, err, 15_000);
    }
    return terminalError('SubnetRangeTaken', `${subnet.cidr} on router ${subnet.vpc.id} is used by ${holder.vxnet_id}, which this controller does not own`, err);
  }

  /**
   * LeaveRouter, where "not in router" after a lost answer means done. A delete must never end in
   * a terminal error (the object would keep its finalizer for good), so a refusal while the vxnet
   * is still joined is retried later.
   */
  private async leave(routerId: string, vxnetId: string, signal: AbortSignal): Promise<void> {
    const { api } = this.d;
    try {
      await api.leaveRouter(routerId, [vxnetId], signal);
    } catch (err) {
      if (!hasRetCode(err, 1400)) throw err;
      const [vxnet] = await api.describeVxnets({ ids: [vxnetId] }, signal);
      const joined = vxnet !== undefined && vxnet.vpc_router_id !== undefined && vxnet.vpc_router_id !== '';
      if (!joined) return;
      if (isControllerError(err) && err.retryable) throw err;
      throw retryableError('LeaveRefused', `vxnet ${vxnetId} is still joined to ${routerId}: ${errorMessage(err)}`, err, 30_000);
    }
  }
}

/** Only a vxnet the controller never recorded may be moved: nothing can be using it yet. */
function mayRejoin(subnet: SubnetSpec): boolean {
  return subnet.knownId === undefined;
}
