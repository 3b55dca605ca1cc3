// The simulated account: routers, vxnets, tags, jobs and quotas. Time-driven changes (jobs
// finishing, deleted routers ceasing) are applied lazily by `tick()` at the start of every request,
// so a manual clock makes the whole simulator deterministic.

import { isoSeconds, type SimClock } from './clock.js';
import type { SimJob, SimRouter, SimTag, SimVxnet, TagPair } from './model.js';
import { SeededRandom } from './rng.js';
import { fail } from './sim-params.js';

export interface SimTimings {
  /** Time a job spends `pending` before `working`. */
  readonly jobPendingMs: number;
  /** Time a job spends `working`, per action. */
  readonly jobWorkingMs: Readonly<Record<string, number>>;
  /** After creation a router refuses delete/modify with "lease info not ready" this long. */
  readonly leaseWindowMs: number;
  /** A deleted router turns `ceased` after this long … */
  readonly ceaseAfterMs: number;
  /** … and disappears from DescribeRouters after this long. */
  readonly forgetAfterMs: number;
}

export const DEFAULT_TIMINGS: SimTimings = {
  jobPendingMs: 500,
  jobWorkingMs: { CreateRouters: 3000, DeleteRouters: 2000, JoinRouter: 2000, LeaveRouter: 2000 },
  leaseWindowMs: 5000,
  ceaseAfterMs: 30_000,
  forgetAfterMs: 120_000,
};

export interface SimQuotas {
  readonly router: number;
  readonly vxnet: number;
  readonly tag: number;
}

export const DEFAULT_QUOTAS: SimQuotas = { router: 20, vxnet: 200, tag: 50 };

export class World {
  readonly clock: SimClock;
  readonly rng: SeededRandom;
  readonly timings: SimTimings;
  quotas: SimQuotas;
  readonly maxRouterVxnets: number;
  readonly routers = new Map<string, SimRouter>();
  readonly vxnets = new Map<string, SimVxnet>();
  readonly tags = new Map<string, SimTag>();
  readonly jobs = new Map<string, SimJob>();
  /** Keys `tag|type|resource`. */
  readonly tagPairs = new Map<string, TagPair>();
  /** Fixed bytes/s per meter id (`vxnet-…`, or `<router>/vxnet-0`); others get a stable pseudo-random rate. */
  readonly traffic = new Map<string, { readonly in: number; readonly out: number }>();
  /** Share of samples reported as "NA", and of samples preceded by a gap (sent as `[dt, v]`). */
  monitorNoise = { naRate: 0.05, gapRate: 0.05 };
  private seq = 0;

  constructor(options: { clock: SimClock; rng: SeededRandom; timings: SimTimings; quotas: SimQuotas; maxRouterVxnets: number }) {
    this.clock = options.clock;
    this.rng = options.rng;
    this.timings = options.timings;
    this.quotas = options.quotas;
    this.maxRouterVxnets = options.maxRouterVxnets;
  }

  now(): number {
    return this.clock.now();
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** A fresh id not used by anything else. */
  newId(prefix: string, length: number): string {
    for (;;) {
      const id = this.rng.id(prefix, length);
      if (!this.routers.has(id) && !this.vxnets.has(id) && !this.tags.has(id) && !this.jobs.has(id)) return id;
    }
  }

  /** Applies every change whose time has come, in time order. */
  tick(): void {
    const now = this.now();
    const due = [...this.jobs.values()].filter((job) => job.final === undefined && job.endAtMs <= now).sort((a, b) => a.endAtMs - b.endAtMs || a.seq - b.seq);
    for (const job of due) {
      job.final = job.willFail ? 'failed' : 'successful';
      job.finishedAtMs = job.endAtMs;
      if (job.willFail) job.onFailure();
      else job.onSuccess();
    }
    for (const router of [...this.routers.values()]) {
      if (router.deletedAtMs === undefined) continue;
      if (now >= router.deletedAtMs + this.timings.forgetAfterMs) this.forgetRouter(router.router_id);
      else if (router.status === 'deleted' && now >= router.deletedAtMs + this.timings.ceaseAfterMs) {
        router.status = 'ceased';
        router.statusAtMs = router.deletedAtMs + this.timings.ceaseAfterMs;
      }
    }
  }

  private forgetRouter(routerId: string): void {
    this.routers.delete(routerId);
    this.dropTagPairs(routerId);
  }

  dropTagPairs(resourceId: string): void {
    for (const [key, pair] of [...this.tagPairs]) if (pair.resource_id === resourceId) this.tagPairs.delete(key);
  }

  /** Starts a job; its effects run when the clock passes its end. */
  startJob(action: string, resourceIds: readonly string[], willFail: boolean, effects: { onSuccess: () => void; onFailure: () => void }): SimJob {
    const now = this.now();
    const startAtMs = now + this.timings.jobPendingMs;
    const job: SimJob = {
      job_id: this.newId('j-', 8),
      job_action: action,
      resource_ids: resourceIds.join(' '),
      createdAtMs: now,
      startAtMs,
      endAtMs: startAtMs + (this.timings.jobWorkingMs[action] ?? 1000),
      willFail,
      seq: this.nextSeq(),
      ...effects,
    };
    this.jobs.set(job.job_id, job);
    return job;
  }

  jobStatus(job: SimJob): string {
    if (job.final !== undefined) return job.final;
    return this.now() >= job.startAtMs ? 'working' : 'pending';
  }

  // ---- lookups that answer like the API ------------------------------------------------------

  router(routerId: string): SimRouter {
    const router = this.routers.get(routerId);
    if (router === undefined) throw fail(2100, `ResourceNotFound, resource [${routerId}] not found`);
    return router;
  }

  vxnet(vxnetId: string): SimVxnet {
    const vxnet = this.vxnets.get(vxnetId);
    if (vxnet === undefined) throw fail(2100, `ResourceNotFound, resource [${vxnetId}] not found`);
    return vxnet;
  }

  /** Refuses a mutation of a router that is mid-transition, as the API does. */
  assertIdle(router: SimRouter): void {
    if (router.transition_status !== '') {
      throw fail(1400, `PermissionDenied, resource [${router.router_id}] is [${router.transition_status}], please try later`);
    }
  }

  /** Vxnets joined to the router, plus those a running JoinRouter has reserved. */
  routerVxnets(routerId: string, includePending: boolean): SimVxnet[] {
    return [...this.vxnets.values()].filter(
      (v) => v.join?.router_id === routerId || (includePending && v.pendingJoin?.router_id === routerId),
    );
  }

  usage(resourceType: string): number {
    if (resourceType === 'router') return [...this.routers.values()].filter((r) => r.status !== 'deleted' && r.status !== 'ceased').length;
    if (resourceType === 'vxnet') return this.vxnets.size;
    if (resourceType === 'tag') return this.tags.size;
    return 0;
  }

  quotaOf(resourceType: string): number | undefined {
    return (this.quotas as unknown as Record<string, number | undefined>)[resourceType];
  }

  assertQuota(resourceType: string, need: number): void {
    const quota = this.quotaOf(resourceType);
    if (quota === undefined) return;
    const left = quota - this.usage(resourceType);
    if (need > left) throw fail(2500, `QuotaExceeded, resource quota of [${resourceType}] exceeded, left [${Math.max(0, left)}], need [${need}]`);
  }

  tagsOf(resourceId: string): { tag_id: string; tag_name: string; color: string }[] {
    return [...this.tagPairs.values()]
      .filter((p) => p.resource_id === resourceId)
      .map((p) => this.tags.get(p.tag_id))
      .filter((t): t is SimTag => t !== undefined)
      .map((t) => ({ tag_id: t.tag_id, tag_name: t.tag_name, color: t.color }));
  }

  /** True when the resource carries any of the tags (the `tags.N` filter). */
  hasAnyTag(resourceId: string, tagIds: readonly string[]): boolean {
    return tagIds.some((tagId) => [...this.tagPairs.values()].some((p) => p.tag_id === tagId && p.resource_id === resourceId));
  }

  iso(ms: number): string {
    return isoSeconds(ms);
  }
}
