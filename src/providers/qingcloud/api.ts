// Typed wrappers for the QingCloud actions the provider uses. Router mutations are serialised per
// router and hold the router until their job finishes, so this process never overlaps two
// mutations of one router (which the API answers with 1400 "is [updating]").

import { untilAborted } from './background-joins.js';
import { Batcher, type BatcherOptions } from './batcher.js';
import type { ApiResponse, QingCloudClient } from './client.js';
import { JobWaiter, type JobStatusInfo, type JobWaiterOptions } from './job-waiter.js';
import { KeyedSerializer } from './keyed-serializer.js';
import { MONITOR_STEPS, decodeMonitorSeries, type MonitorPoint } from './monitor-decoder.js';
import { chunk, collectPages, type Page } from './paginate.js';
import type { ParamInput } from './params.js';
import { RouterLeaves } from './router-leaves.js';
import type { Job, MeterSeries, QuotaLeft, ResourceTagPair, Router, RouterVxnet, Tag, Vxnet } from './types.js';

export interface RouterFilter {
  readonly ids?: readonly string[];
  /** Substring match on id or name (server side); match names exactly on the result. */
  readonly searchWord?: string;
  readonly status?: readonly string[];
  readonly tagIds?: readonly string[];
  readonly verbose?: boolean;
}

export interface VxnetFilter {
  readonly ids?: readonly string[];
  readonly searchWord?: string;
  readonly tagIds?: readonly string[];
  readonly vxnetType?: number;
}

export interface TagFilter {
  readonly ids?: readonly string[];
  readonly searchWord?: string;
  readonly verbose?: boolean;
}

export interface CreateRouterInput {
  readonly name: string;
  readonly vpcNetwork: string;
  /** 0 medium, 1 small (default), 2 large, 3 extra-large. */
  readonly routerType?: number;
  readonly securityGroup?: string;
  readonly description?: string;
}

export interface JoinRouterInput {
  readonly router: string;
  readonly vxnet: string;
  readonly ipNetwork: string;
  readonly managerIp?: string;
  readonly dynIpStart?: string;
  readonly dynIpEnd?: string;
}

export interface MonitorQuery {
  readonly resource: string;
  readonly meters: readonly string[];
  /** One of MONITOR_STEPS' keys: 5m, 15m, 30m, 1h, 2h, 1d. */
  readonly step: string;
  readonly startTime: Date;
  readonly endTime: Date;
}

export interface DecodedMeter {
  readonly meterId: string;
  readonly points: MonitorPoint[];
}

export interface QingCloudApiOptions {
  readonly jobs?: JobWaiterOptions;
  /** Batching of concurrent AttachTags calls. */
  readonly tagBatching?: BatcherOptions;
}

type Signal = AbortSignal | undefined;

export class QingCloudApi {
  readonly client: QingCloudClient;
  readonly jobs: JobWaiter;
  private readonly routerLocks = new KeyedSerializer();
  private readonly tagAttacher: Batcher<ResourceTagPair>;
  private readonly leaves: RouterLeaves;

  constructor(client: QingCloudClient, options: QingCloudApiOptions = {}) {
    this.client = client;
    this.jobs = new JobWaiter((ids) => this.describeJobs(ids), options.jobs);
    this.tagAttacher = new Batcher(async (pairs) => {
      await this.call('AttachTags', { resource_tag_pairs: pairs.map((p) => ({ ...p })) }, undefined);
    }, options.tagBatching);
    this.leaves = new RouterLeaves(
      async (routerId, vxnetIds) => {
        // Shared by several callers, so it runs on whatever happens to any one of them.
        const body = await this.call<{ job_id?: string }>('LeaveRouter', { router: routerId, vxnets: vxnetIds }, undefined);
        if (body.job_id !== undefined) await this.jobs.wait(body.job_id, undefined, 'LeaveRouter');
      },
      (routerId, task) => this.routerLocks.run(routerId, task),
    );
  }

  private call<T extends object>(action: string, params: ParamInput, signal: Signal, idempotent = true): Promise<T & ApiResponse> {
    return this.client.call<T>(action, params, { ...(signal === undefined ? {} : { signal }), idempotent });
  }

  /** Pages through a Describe* action, naming at most 100 ids per call. */
  private async describeAll<T>(
    action: string,
    setKey: string,
    idKey: string,
    ids: readonly string[] | undefined,
    params: ParamInput,
    signal: Signal,
  ): Promise<T[]> {
    const fetchAll = (idChunk: readonly string[] | undefined): Promise<T[]> =>
      collectPages<T>(async (offset, limit): Promise<Page<T>> => {
        const body = await this.call<Record<string, unknown>>(
          action,
          { ...params, ...(idChunk === undefined ? {} : { [idKey]: idChunk }), offset, limit },
          signal,
        );
        const items = body[setKey];
        return { items: Array.isArray(items) ? (items as T[]) : [], totalCount: Number(body.total_count ?? 0) };
      });
    if (ids === undefined) return fetchAll(undefined);
    if (ids.length === 0) return [];
    const results: T[] = [];
    for (const idChunk of chunk(ids)) results.push(...(await fetchAll(idChunk)));
    return results;
  }

  /** `action` names what started the job, so the waiter learns when such jobs are usually done. */
  waitJob(jobId: string, signal?: AbortSignal, action?: string): Promise<JobStatusInfo> {
    return this.jobs.wait(jobId, signal, action);
  }

  // ---- routers ------------------------------------------------------------------------------

  /** Starts creating one router; returns its id at once (record it before waiting for the job). */
  async createRouter(input: CreateRouterInput, signal?: AbortSignal): Promise<{ routerId: string; jobId: string }> {
    const body = await this.call<{ routers?: string[]; job_id?: string }>(
      'CreateRouters',
      {
        router_name: input.name,
        vpc_network: input.vpcNetwork,
        router_type: input.routerType ?? 1,
        security_group: input.securityGroup,
        description: input.description,
        count: 1,
      },
      signal,
      false,
    );
    const routerId = body.routers?.[0];
    if (routerId === undefined || body.job_id === undefined) throw new TypeError('CreateRouters answered without a router id or job id');
    return { routerId, jobId: body.job_id };
  }

  describeRouters(filter: RouterFilter = {}, signal?: AbortSignal): Promise<Router[]> {
    return this.describeAll<Router>(
      'DescribeRouters',
      'router_set',
      'routers',
      filter.ids,
      { search_word: filter.searchWord, status: filter.status, tags: filter.tagIds, verbose: filter.verbose === true ? 1 : undefined },
      signal,
    );
  }

  /** Deletes routers and waits for the job; holds each router while doing so. */
  deleteRouters(routerIds: readonly string[], signal?: AbortSignal): Promise<void> {
    return this.routerLocks.runAll(routerIds, async () => {
      const body = await this.call<{ job_id?: string }>('DeleteRouters', { routers: routerIds }, signal);
      if (body.job_id !== undefined) await this.jobs.wait(body.job_id, signal, 'DeleteRouters');
    });
  }

  /** Joins a vxnet to a router with DHCP on, and waits for the job. */
  joinRouter(input: JoinRouterInput, signal?: AbortSignal): Promise<void> {
    return this.routerLocks.run(input.router, async () => {
      const body = await this.call<{ job_id?: string }>(
        'JoinRouter',
        {
          router: input.router,
          vxnet: input.vxnet,
          ip_network: input.ipNetwork,
          features: 1,
          manager_ip: input.managerIp,
          dyn_ip_start: input.dynIpStart,
          dyn_ip_end: input.dynIpEnd,
        },
        signal,
      );
      if (body.job_id !== undefined) await this.jobs.wait(body.job_id, signal, 'JoinRouter');
    });
  }

  /** True while this process has a mutation of the router running or queued. */
  routerBusy(routerId: string): boolean {
    return this.routerLocks.isBusy(routerId);
  }

  /** Takes vxnets off a router; leaves that queue behind each other for the router share one call and job. */
  leaveRouter(routerId: string, vxnetIds: readonly string[], signal?: AbortSignal): Promise<void> {
    const left = this.leaves.leave(routerId, vxnetIds);
    return signal === undefined ? left : untilAborted(left, signal);
  }

  async describeRouterVxnets(routerId: string, vxnetId?: string, signal?: AbortSignal): Promise<RouterVxnet[]> {
    return this.describeAll<RouterVxnet>('DescribeRouterVxnets', 'router_vxnet_set', 'vxnets', undefined, { router: routerId, vxnet: vxnetId }, signal);
  }

  // ---- vxnets -------------------------------------------------------------------------------

  /** Creates managed vxnets (synchronous: the ids are usable at once). */
  async createVxnets(name: string, count = 1, signal?: AbortSignal): Promise<string[]> {
    const body = await this.call<{ vxnets?: string[] }>('CreateVxnets', { vxnet_name: name, vxnet_type: 1, count }, signal, false);
    return body.vxnets ?? [];
  }

  describeVxnets(filter: VxnetFilter = {}, signal?: AbortSignal): Promise<Vxnet[]> {
    return this.describeAll<Vxnet>(
      'DescribeVxnets',
      'vxnet_set',
      'vxnets',
      filter.ids,
      { search_word: filter.searchWord, tags: filter.tagIds, vxnet_type: filter.vxnetType },
      signal,
    );
  }

  async deleteVxnets(vxnetIds: readonly string[], signal?: AbortSignal): Promise<string[]> {
    if (vxnetIds.length === 0) return [];
    const body = await this.call<{ vxnets?: string[] }>('DeleteVxnets', { vxnets: vxnetIds }, signal);
    return body.vxnets ?? [];
  }

  // ---- tags ---------------------------------------------------------------------------------

  async createTag(name: string, options: { color?: string; description?: string } = {}, signal?: AbortSignal): Promise<string> {
    const body = await this.call<{ tag_id?: string }>(
      'CreateTag',
      { tag_name: name, color: options.color, description: options.description },
      signal,
      false,
    );
    if (body.tag_id === undefined) throw new TypeError('CreateTag answered without a tag id');
    return body.tag_id;
  }

  describeTags(filter: TagFilter = {}, signal?: AbortSignal): Promise<Tag[]> {
    return this.describeAll<Tag>(
      'DescribeTags',
      'tag_set',
      'tags',
      filter.ids,
      { search_word: filter.searchWord, verbose: filter.verbose === true ? 1 : undefined },
      signal,
    );
  }

  /** Attaches tags; concurrent callers share one AttachTags call (attaching twice is harmless). */
  attachTags(pairs: readonly ResourceTagPair[]): Promise<void> {
    return this.tagAttacher.add(pairs);
  }

  async detachTags(pairs: readonly ResourceTagPair[], signal?: AbortSignal): Promise<void> {
    if (pairs.length === 0) return;
    await this.call('DetachTags', { resource_tag_pairs: pairs.map((p) => ({ ...p })) }, signal);
  }

  // ---- jobs, monitoring, quotas -------------------------------------------------------------

  /** One DescribeJobs call for up to 100 jobs (the JobWaiter batches through this). */
  async describeJobs(jobIds: readonly string[], signal?: AbortSignal): Promise<Job[]> {
    const body = await this.call<{ job_set?: Job[] }>('DescribeJobs', { jobs: jobIds, limit: Math.max(jobIds.length, 1) }, signal);
    return body.job_set ?? [];
  }

  async getMonitorRaw(query: MonitorQuery, signal?: AbortSignal): Promise<MeterSeries[]> {
    const body = await this.call<{ meter_set?: MeterSeries[] }>(
      'GetMonitor',
      {
        resource: query.resource,
        meters: query.meters,
        step: query.step,
        start_time: query.startTime.toISOString(),
        end_time: query.endTime.toISOString(),
      },
      signal,
    );
    return body.meter_set ?? [];
  }

  /** GetMonitor with every series decoded; a malformed series is reported, not thrown. */
  async getMonitor(query: MonitorQuery, signal?: AbortSignal): Promise<{ meters: DecodedMeter[]; malformed: string[] }> {
    const step = MONITOR_STEPS[query.step];
    if (step === undefined) throw new RangeError(`unknown monitor step ${query.step}`);
    const meters: DecodedMeter[] = [];
    const malformed: string[] = [];
    for (const series of await this.getMonitorRaw(query, signal)) {
      const decoded = decodeMonitorSeries(series.data, step);
      if (decoded.ok) meters.push({ meterId: series.meter_id, points: decoded.points });
      else malformed.push(`${series.meter_id}: ${decoded.error}`);
    }
    return { meters, malformed };
  }

  async getQuotaLeft(resourceTypes: readonly string[], signal?: AbortSignal): Promise<QuotaLeft[]> {
    const body = await this.call<{ quota_left_set?: QuotaLeft[] }>('GetQuotaLeft', { resource_types: resourceTypes }, signal);
    return body.quota_left_set ?? [];
  }
}
