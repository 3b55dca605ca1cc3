// The QingCloud SDN provider: a workspace's VPC is a router with a `vpc_network`, a project's subnet
// is a managed vxnet joined to that router with the project's /24 (DHCP on). Everything it creates
// carries one controller-wide ownership tag and a deterministic name, so every call can be repeated
// and a crash between "create" and "record the id" ends in adoption, never in a duplicate.

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
import { ControllerError, errorMessage, isControllerError, retryableError, terminalError } from '../../util/errors.js';
import type { QingCloudApi } from './api.js';
import { BackgroundJoins, untilAborted, type JoinOutcome, type JoinTask } from './background-joins.js';
import { BatchLoader } from './batch-loader.js';
import { hasRetCode, isQingCloudApiError, type QingCloudApiError } from './errors.js';
import { planNameSearches } from './name-search.js';
import { QINGCLOUD, SUBNET_NAME_PREFIX, VPC_NAME_PREFIX, parseName, subnetName, vpcName } from './naming.js';
import { subnetRangeProblem } from './subnet-rules.js';
import type { Router, Vxnet } from './types.js';
import { VerifiedCache } from './verified-cache.js';

/** The vpc_network values QingCloud accepts. */
export const QINGCLOUD_VPC_RANGES: readonly string[] = [
  '192.168.0.0/16',
  ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.0.0/16`),
];

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
}

const GONE_STATUSES = new Set(['deleted', 'ceased']);

function isLive(router: Router): boolean {
  return !GONE_STATUSES.has(router.status);
}

export class QingCloudProvider implements NetworkProvider {
  readonly name = QINGCLOUD;
  readonly capabilities: ProviderCapabilities = {
    trafficMetrics: true,
    allowedVpcRanges: QINGCLOUD_VPC_RANGES,
    fixedSubnetPrefixLength: 24,
    vpcRangesMayRepeat: true,
  };
  private readonly api: QingCloudApi;
  private readonly tagName: string;
  private readonly routerType: number;
  private readonly trafficWindowMs: number;
  private readonly now: () => number;
  private tagId: Promise<string> | undefined;
  private readonly verifiedVpcs: VerifiedCache<VpcState>;
  private readonly verifiedSubnets: VerifiedCache<SubnetState & { readonly routerId: string }>;
  private readonly routersById: BatchLoader<string, Router>;
  private readonly routersByName: BatchLoader<string, Router[]>;
  private readonly vxnetsById: BatchLoader<string, Vxnet>;
  private readonly vxnetsByName: BatchLoader<string, Vxnet[]>;
  private readonly joins = new BackgroundJoins();

  constructor(api: QingCloudApi, options: QingCloudProviderOptions = {}) {
    this.api = api;
    this.tagName = options.tagName ?? 'ks-vpc-ctl';
    this.routerType = options.routerType ?? 1;
    this.trafficWindowMs = options.trafficWindowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
    const ttl = options.verifiedTtlMs ?? 600_000;
    this.verifiedVpcs = new VerifiedCache(ttl, this.now);
    this.verifiedSubnets = new VerifiedCache(ttl, this.now);
    const batching = { windowMs: options.lookupWindowMs ?? 20 };
    this.routersById = new BatchLoader(async (ids) => new Map((await api.describeRouters({ ids })).map((r) => [r.router_id, r])), batching);
    this.routersByName = new BatchLoader(
      (names) => searchByNames(names, (searchWord) => api.describeRouters({ searchWord }), (r) => r.router_name),
      batching,
    );
    this.vxnetsById = new BatchLoader(async (ids) => new Map((await api.describeVxnets({ ids })).map((v) => [v.vxnet_id, v])), batching);
    this.vxnetsByName = new BatchLoader(
      (names) => searchByNames(names, (searchWord) => api.describeVxnets({ searchWord }), (v) => v.vxnet_name),
      batching,
    );
  }

  // ---- ownership tag ------------------------------------------------------------------------

  /** The ownership tag's id: found by exact name, created once; a failed lookup is retried next time. */
  private ownershipTag(signal: AbortSignal): Promise<string> {
    this.tagId ??= this.findOrCreateTag(signal).catch((err: unknown) => {
      this.tagId = undefined;
      throw err;
    });
    return this.tagId;
  }

  private async findOrCreateTag(signal: AbortSignal): Promise<string> {
    const find = async (): Promise<string | undefined> =>
      (await this.api.describeTags({ searchWord: this.tagName }, signal)).find((t) => t.tag_name === this.tagName)?.tag_id;
    const existing = await find();
    if (existing !== undefined) return existing;
    try {
      return await this.api.createTag(this.tagName, { description: 'owned by tenant-network-controller' }, signal);
    } catch (err) {
      if (!hasRetCode(err, 2110)) throw err;
      const raced = await find();
      if (raced === undefined) throw err;
      return raced;
    }
  }

  // ---- VPCs ---------------------------------------------------------------------------------

  /** Concurrent lookups share one DescribeRouters (by ids, or by a common name prefix). */
  private async findRouter(ref: VpcRef, signal: AbortSignal): Promise<Router | undefined> {
    const name = vpcName(ref.workspace, ref.workspaceUid);
    if (ref.id !== undefined) {
      const byId = await this.routersById.load(ref.id, signal);
      if (byId !== undefined && isLive(byId) && byId.router_name === name) return byId;
    }
    const candidates = ((await this.routersByName.load(name, signal)) ?? []).filter(isLive);
    // Oldest first, so every caller settles on the same one if a duplicate ever appeared.
    return candidates.sort((a, b) => a.create_time.localeCompare(b.create_time) || a.router_id.localeCompare(b.router_id))[0];
  }

  /** Usable once created; a router busy joining subnets ("updating") is still a ready VPC. */
  private vpcState(router: Router): VpcState {
    const ready = router.status === 'active' || router.status === 'poweroffed';
    return {
      id: router.router_id,
      cidr: router.vpc_network,
      ready,
      ...(ready ? {} : { message: `router ${router.router_id} is ${router.transition_status || router.status}` }),
    };
  }

  async ensureVpc(vpc: VpcSpec, signal: AbortSignal): Promise<VpcState> {
    if (!QINGCLOUD_VPC_RANGES.includes(vpc.cidr)) {
      throw terminalError('VpcRangeNotAllowed', `QingCloud accepts only ${QINGCLOUD_VPC_RANGES.join(', ')} as a VPC range, not ${vpc.cidr}`);
    }
    signal.throwIfAborted();
    const name = vpcName(vpc.workspace, vpc.workspaceUid);
    const verified = this.verifiedVpcs.get(name);
    if (verified !== undefined && verified.cidr === vpc.cidr && (vpc.knownId === undefined || vpc.knownId === verified.id)) return verified;
    try {
      const state = await this.provisionVpc(vpc, name, signal);
      if (state.ready) this.verifiedVpcs.set(name, state);
      return state;
    } catch (err) {
      this.verifiedVpcs.delete(name);
      throw err;
    }
  }

  private async provisionVpc(vpc: VpcSpec, name: string, signal: AbortSignal): Promise<VpcState> {
    const tagId = await this.ownershipTag(signal);
    let existing = await this.findRouter({ ...vpc, ...(vpc.knownId === undefined ? {} : { id: vpc.knownId }) }, signal);
    if (existing !== undefined && existing.vpc_network !== vpc.cidr) {
      await this.replaceUnreportedRouter(existing, vpc, signal);
      existing = undefined;
    }
    if (existing !== undefined) {
      if (!(existing.tags ?? []).some((t) => t.tag_id === tagId)) {
        await this.api.attachTags([{ tag_id: tagId, resource_type: 'router', resource_id: existing.router_id }]);
      }
      return this.vpcState(existing);
    }
    const { routerId, jobId } = await this.api.createRouter(
      { name, vpcNetwork: vpc.cidr, routerType: this.routerType, description: `VPC of workspace ${vpc.workspace}` },
      signal,
    );
    // The tag goes on while the job runs (attaches of concurrent creates share one call). If this
    // process dies first, the router is still found by its name and adopted.
    const tagging = this.api.attachTags([{ tag_id: tagId, resource_type: 'router', resource_id: routerId }]);
    await alongside(tagging, () => this.api.waitJob(jobId, signal, 'CreateRouters'));
    return { id: routerId, cidr: vpc.cidr, ready: true };
  }

  /**
   * A router with our name but another range. QingCloud cannot change a vpc_network. If the
   * controller never recorded this router (no known id: an earlier run died between creating it
   * and writing status, and has since picked another range) and nothing is joined to it, it is
   * replaced; otherwise the change is refused.
   */
  private async replaceUnreportedRouter(router: Router, vpc: VpcSpec, signal: AbortSignal): Promise<void> {
    const refuse = terminalError(
      'VpcRangeImmutable',
      `router ${router.router_id} has vpc_network ${router.vpc_network}; QingCloud cannot change it to ${vpc.cidr}`,
    );
    if (vpc.knownId !== undefined) throw refuse;
    // A join or leave in flight (here or sent before a crash) may not be listed yet: look again later.
    if (this.api.routerBusy(router.router_id) || router.transition_status !== '') {
      throw retryableError('ResourceBusy', `router ${router.router_id} is ${router.transition_status || 'busy'}; not replaced while it changes`, undefined, 5000);
    }
    if ((await this.api.describeRouterVxnets(router.router_id, undefined, signal)).length > 0) throw refuse;
    // Refused in the first seconds of its life ("lease info not ready"): retried, here or by the caller.
    await this.api.deleteRouters([router.router_id], signal);
  }

  async deleteVpc(vpc: VpcRef, signal: AbortSignal): Promise<void> {
    this.verifiedVpcs.delete(vpcName(vpc.workspace, vpc.workspaceUid));
    const router = await this.findRouter(vpc, signal);
    if (router === undefined) return;
    const joined = await this.api.describeRouterVxnets(router.router_id, undefined, signal);
    if (joined.length > 0) {
      throw retryableError('VpcNotEmpty', `router ${router.router_id} still has subnets ${joined.map((j) => j.vxnet_id).join(', ')}`);
    }
    if (router.transition_status !== '') {
      throw retryableError('ResourceBusy', `router ${router.router_id} is ${router.transition_status}`, undefined, 5000);
    }
    try {
      await this.api.deleteRouters([router.router_id], signal);
    } catch (err) {
      if (hasRetCode(err, 2100)) return;
      // A repeat of a delete whose answer was lost hears "has already been [deleted]": look.
      if (hasRetCode(err, 1400)) {
        const [again] = await this.api.describeRouters({ ids: [router.router_id] }, signal);
        if (again === undefined || !isLive(again)) return;
      }
      throw err;
    }
  }

  // ---- subnets ------------------------------------------------------------------------------

  /** Concurrent lookups share one DescribeVxnets (by ids, or per workspace by name prefix). */
  private async findVxnet(ref: SubnetRef, signal: AbortSignal): Promise<Vxnet | undefined> {
    const name = subnetName(ref.workspace, ref.project, ref.projectUid);
    if (ref.id !== undefined) {
      const byId = await this.vxnetsById.load(ref.id, signal);
      if (byId !== undefined && byId.vxnet_name === name) return byId;
    }
    const candidates = (await this.vxnetsByName.load(name, signal)) ?? [];
    return candidates.sort((a, b) => a.create_time.localeCompare(b.create_time) || a.vxnet_id.localeCompare(b.vxnet_id))[0];
  }

  private subnetState(vxnet: Vxnet, subnet: SubnetSpec): SubnetState | ControllerError {
    const router = vxnet.router ?? undefined;
    if (router === undefined || vxnet.vpc_router_id === '' || vxnet.vpc_router_id === undefined) {
      return { id: vxnet.vxnet_id, cidr: subnet.cidr, gateway: subnet.gateway, ready: false, message: `vxnet ${vxnet.vxnet_id} is not joined` };
    }
    if (router.router_id !== subnet.vpc.id || router.ip_network !== subnet.cidr) {
      return terminalError(
        'SubnetConflict',
        `vxnet ${vxnet.vxnet_id} is joined to ${router.router_id} as ${router.ip_network}, wanted ${subnet.vpc.id} as ${subnet.cidr}`,
      );
    }
    return { id: vxnet.vxnet_id, cidr: router.ip_network, gateway: router.manager_ip, ready: true };
  }

  async ensureSubnet(subnet: SubnetSpec, signal: AbortSignal): Promise<SubnetState> {
    const problem = subnetRangeProblem(subnet.cidr, subnet.vpc.cidr);
    if (problem !== undefined) throw terminalError('SubnetRangeInvalid', problem);
    signal.throwIfAborted();
    const name = subnetName(subnet.workspace, subnet.project, subnet.projectUid);
    const verified = this.verifiedSubnets.get(name);
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
      const state = await this.provisionSubnet(subnet, name, signal);
      if (state.ready) this.verifiedSubnets.set(name, { ...state, routerId: subnet.vpc.id });
      return state;
    } catch (err) {
      this.verifiedSubnets.delete(name);
      throw err;
    }
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

  private async provisionSubnet(subnet: SubnetSpec, name: string, signal: AbortSignal): Promise<SubnetState> {
    const tagId = await this.ownershipTag(signal);
    const vxnet = await this.findVxnet({ ...subnet, ...(subnet.knownId === undefined ? {} : { id: subnet.knownId }) }, signal);
    let vxnetId: string;
    // Tagging runs alongside the join (attaches of concurrent creates share one call); an untagged
    // vxnet left by a crash is still found by its name.
    let tagging: Promise<void> = Promise.resolve();
    if (vxnet === undefined) {
      const [created] = await this.api.createVxnets(name, 1, signal);
      if (created === undefined) throw retryableError('CreateFailed', 'CreateVxnets returned no id');
      vxnetId = created;
      tagging = this.api.attachTags([{ tag_id: tagId, resource_type: 'vxnet', resource_id: vxnetId }]);
    } else {
      vxnetId = vxnet.vxnet_id;
      if (!(vxnet.tags ?? []).some((t) => t.tag_id === tagId)) {
        tagging = this.api.attachTags([{ tag_id: tagId, resource_type: 'vxnet', resource_id: vxnetId }]);
      }
      const state = this.subnetState(vxnet, subnet);
      // Awaited below, or by the join; handled here too in case the leave fails first.
      tagging.catch(() => undefined);
      if (state instanceof ControllerError && this.mayRejoin(subnet)) {
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
    const queued = this.api.routerBusy(subnet.vpc.id);
    const task = this.joins.start(name, { routerId: subnet.vpc.id, vxnetId, cidr: subnet.cidr }, () => alongside(tagging, () => this.join(subnet, vxnetId)));
    if (!queued) await untilAborted(task.done, signal);
    return this.joinProgress(name, task, subnet);
  }

  /** Runs on past the call that started it, so it takes no caller's signal. */
  private async join(subnet: SubnetSpec, vxnetId: string): Promise<SubnetState> {
    try {
      await this.api.joinRouter({ router: subnet.vpc.id, vxnet: vxnetId, ipNetwork: subnet.cidr, managerIp: subnet.gateway });
    } catch (err) {
      // A join sent before a crash may have finished meanwhile ("already joined"): check before failing.
      if (!isQingCloudApiError(err) || err.retCode !== 1400) throw err;
      const [vxnet] = await this.api.describeVxnets({ ids: [vxnetId] });
      const state = vxnet === undefined ? undefined : this.subnetState(vxnet, subnet);
      if (state !== undefined && !(state instanceof ControllerError) && state.ready) return state;
      // Joined with another range by an earlier run: the next call moves it.
      if (state instanceof ControllerError) throw this.mayRejoin(subnet) ? retryableError('SubnetRejoin', state.message, state) : state;
      throw await this.explainRefusedJoin(err, subnet);
    }
    return { id: vxnetId, cidr: subnet.cidr, gateway: subnet.gateway, ready: true };
  }

  /** Only a vxnet the controller never recorded may be moved: nothing can be using it yet. */
  private mayRejoin(subnet: SubnetSpec): boolean {
    return subnet.knownId === undefined;
  }

  /**
   * A refused join whose range another vxnet on the router holds: if that vxnet is ours, the
   * range is being given up (a project deleted, or moved after a crash) and the join is retried
   * later; a foreign vxnet holding it needs a person.
   */
  private async explainRefusedJoin(err: QingCloudApiError, subnet: SubnetSpec): Promise<ControllerError> {
    const holder = (await this.api.describeRouterVxnets(subnet.vpc.id)).find((j) => j.ip_network === subnet.cidr);
    if (holder === undefined) return err;
    if ((holder.vxnet_name ?? '').startsWith(SUBNET_NAME_PREFIX)) {
      return retryableError('SubnetRangeBusy', `${subnet.cidr} on router ${subnet.vpc.id} is still held by ${holder.vxnet_id}`, err, 15_000);
    }
    return terminalError('SubnetRangeTaken', `${subnet.cidr} on router ${subnet.vpc.id} is used by ${holder.vxnet_id}, which this controller does not own`, err);
  }

  async deleteSubnet(subnet: SubnetRef, signal: AbortSignal): Promise<void> {
    const name = subnetName(subnet.workspace, subnet.project, subnet.projectUid);
    this.verifiedSubnets.delete(name);
    // A join still running would fight the leave: let it finish (whatever its outcome) first.
    await untilAborted(this.joins.settle(name), signal);
    const vxnet = await this.findVxnet(subnet, signal);
    if (vxnet === undefined) return;
    const routerId = vxnet.vpc_router_id;
    if (routerId !== undefined && routerId !== '') await this.leave(routerId, vxnet.vxnet_id, signal);
    try {
      await this.api.deleteVxnets([vxnet.vxnet_id], signal);
    } catch (err) {
      if (hasRetCode(err, 2100)) return;
      throw err;
    }
  }

  /**
   * LeaveRouter, where "not in router" after a lost answer means done. A delete must never end in
   * a terminal error (the object would keep its finalizer for good), so a refusal while the vxnet
   * is still joined is retried later.
   */
  private async leave(routerId: string, vxnetId: string, signal: AbortSignal): Promise<void> {
    try {
      await this.api.leaveRouter(routerId, [vxnetId], signal);
    } catch (err) {
      if (!hasRetCode(err, 1400)) throw err;
      const [vxnet] = await this.api.describeVxnets({ ids: [vxnetId] }, signal);
      const joined = vxnet !== undefined && vxnet.vpc_router_id !== undefined && vxnet.vpc_router_id !== '';
      if (!joined) return;
      if (isControllerError(err) && err.retryable) throw err;
      throw retryableError('LeaveRefused', `vxnet ${vxnetId} is still joined to ${routerId}: ${errorMessage(err)}`, err, 30_000);
    }
  }

  // ---- traffic and ownership ----------------------------------------------------------------

  /**
   * Newest rate per subnet from the router's per-vxnet meter. The meter is the router's interface
   * into the vxnet, so what the router sends out (`out`) is what the subnet receives.
   */
  async sampleTraffic(subnets: readonly SubnetRef[], signal: AbortSignal): Promise<TrafficSample[]> {
    const byRouter = new Map<string, SubnetRef[]>();
    for (const subnet of subnets) {
      if (subnet.id === undefined || subnet.vpcId === undefined) continue;
      byRouter.set(subnet.vpcId, [...(byRouter.get(subnet.vpcId) ?? []), subnet]);
    }
    const end = new Date(this.now());
    const start = new Date(end.getTime() - this.trafficWindowMs);
    const samples: TrafficSample[] = [];
    for (const [routerId, refs] of byRouter) {
      const { meters } = await this.api.getMonitor(
        { resource: routerId, meters: refs.map((r) => r.id ?? ''), step: '5m', startTime: start, endTime: end },
        signal,
      );
      for (const ref of refs) {
        const points = meters.find((m) => m.meterId === ref.id)?.points ?? [];
        const newest = [...points].reverse().find((p) => Array.isArray(p.value) && p.value.length === 2);
        const value = newest?.value;
        if (newest === undefined || !Array.isArray(value)) continue;
        const [routerIn = 0, routerOut = 0] = value as readonly number[];
        samples.push({ subnet: ref, timestampMs: newest.time * 1000, ingressBytesPerSecond: routerOut, egressBytesPerSecond: routerIn });
      }
    }
    return samples;
  }

  /** Shutdown: queued calls (a throttled budget can hold them for a whole window) are rejected. */
  close(): void {
    this.api.client.close();
  }

  /** Everything carrying the ownership tag, plus untagged resources with our names (a crash before tagging). */
  async listOwned(signal: AbortSignal): Promise<OwnedResource[]> {
    const tagId = await this.ownershipTag(signal);
    const routers = new Map<string, Router>();
    for (const r of await this.api.describeRouters({ tagIds: [tagId] }, signal)) routers.set(r.router_id, r);
    for (const r of await this.api.describeRouters({ searchWord: VPC_NAME_PREFIX }, signal)) {
      if (r.router_name.startsWith(VPC_NAME_PREFIX)) routers.set(r.router_id, r);
    }
    const vxnets = new Map<string, Vxnet>();
    for (const v of await this.api.describeVxnets({ tagIds: [tagId] }, signal)) vxnets.set(v.vxnet_id, v);
    for (const v of await this.api.describeVxnets({ searchWord: SUBNET_NAME_PREFIX }, signal)) {
      if (v.vxnet_name.startsWith(SUBNET_NAME_PREFIX)) vxnets.set(v.vxnet_id, v);
    }
    const owned: OwnedResource[] = [];
    for (const r of routers.values()) {
      if (!isLive(r)) continue;
      const parsed = parseName(r.router_name);
      owned.push({ kind: 'vpc', id: r.router_id, name: r.router_name, ...(parsed?.workspace === undefined ? {} : { workspace: parsed.workspace }) });
    }
    for (const v of vxnets.values()) {
      const parsed = parseName(v.vxnet_name);
      owned.push({
        kind: 'subnet',
        id: v.vxnet_id,
        name: v.vxnet_name,
        ...(parsed?.workspace === undefined ? {} : { workspace: parsed.workspace }),
        ...(parsed?.kind === 'subnet' && parsed.project !== undefined ? { project: parsed.project } : {}),
      });
    }
    return owned;
  }
}

/** Waits for both; the work's failure wins over the tag attach's. */
async function alongside<T>(tagging: Promise<void>, work: () => Promise<T>): Promise<T> {
  const [tagged, done] = await Promise.allSettled([tagging, work()]);
  if (done.status === 'rejected') throw done.reason as unknown;
  if (tagged.status === 'rejected') throw tagged.reason as unknown;
  return done.value;
}

/** Runs the planned searches and matches names exactly (search_word is a substring match). */
async function searchByNames<T>(
  names: readonly string[],
  search: (searchWord: string) => Promise<T[]>,
  nameOf: (item: T) => string,
): Promise<Map<string, T[]>> {
  const found = new Map<string, T[]>();
  for (const { searchWord, names: wanted } of planNameSearches(names)) {
    const items = await search(searchWord);
    for (const name of wanted) found.set(name, items.filter((item) => nameOf(item) === name));
  }
  return found;
}
