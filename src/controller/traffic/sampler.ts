// The leader's traffic sampler (docs/operations.md, metrics): every period it asks the traffic
// source for every project's figures, publishes them as metrics and writes a compact
// status.traffic on each ProjectNetwork — at most one status write per project per period, and
// none when nothing changed.
// A periodic task (kube/periodic.ts): the manager runs it on the leader only, like the reconcilers.
import type { Registry } from 'prom-client';
import type { ProjectNetwork, ProjectTraffic } from '../../api/project-network.js';
import { PROJECT_NETWORKS } from '../../api/resources.js';
import { isNotFound } from '../../kube/api-error.js';
import type { Controller } from '../../kube/controller.js';
import type { KubeClient, KubeObject } from '../../kube/kube-client.js';
import { periodicController } from '../../kube/periodic.js';
import { deepEqualJson } from '../../kube/status.js';
import type { SubnetRef, TrafficSample } from '../../providers/contract.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { RuntimeMetrics } from '../../kube/metrics-handle.js';
import { createTrafficGauges, type TrafficGauges } from '../../metrics/traffic-gauges.js';
import type { TrafficSource } from '../../metrics/traffic-source.js';

export const DEFAULT_TRAFFIC_PERIOD_MS = 5 * 60_000;
/** After a failed round, try again sooner than a whole (long) period. */
const RETRY_AFTER_FAILURE_MS = 60_000;
const STATUS_WRITE_CONCURRENCY = 4;

type Pjn = Pick<ProjectNetwork, 'spec' | 'status'> & KubeObject;

export interface TrafficSamplerOptions {
  readonly source: TrafficSource;
  /** The controller's ProjectNetwork informer (`app.caches.projectNetworks`). */
  readonly caches: { readonly projectNetworks: { list(): Pjn[] } };
  readonly client: KubeClient;
  readonly registry: Registry;
  readonly log: Logger;
  readonly periodMs?: number;
  readonly metrics?: RuntimeMetrics;
  readonly now?: () => Date;
}

export interface SamplingReport {
  readonly projects: number;
  readonly samples: number;
  readonly statusWrites: number;
}

export interface TrafficSampler {
  /** Add to the manager: it runs on the leader only. */
  readonly controller: Controller;
  /** One round (the controller calls it every period). */
  sampleOnce(signal: AbortSignal): Promise<SamplingReport>;
}

export function trafficStatus(sample: TrafficSample): ProjectTraffic {
  return {
    ingressBytesPerSecond: Math.max(0, Math.round(sample.ingressBytesPerSecond)),
    egressBytesPerSecond: Math.max(0, Math.round(sample.egressBytesPerSecond)),
    sampledAt: new Date(sample.timestampMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function subnetRefOf(pjn: Pjn): SubnetRef | undefined {
  const name = pjn.metadata?.name;
  if (name === undefined || pjn.metadata?.deletionTimestamp !== undefined) return undefined;
  return {
    workspace: pjn.spec.workspace,
    project: name,
    projectUid: pjn.metadata?.uid ?? '',
    ...(pjn.status?.subnetId === undefined ? {} : { id: pjn.status.subnetId }),
    ...(pjn.status?.vpcId === undefined ? {} : { vpcId: pjn.status.vpcId }),
  };
}

export function createTrafficSampler(options: TrafficSamplerOptions): TrafficSampler {
  const periodMs = options.periodMs ?? DEFAULT_TRAFFIC_PERIOD_MS;
  const now = options.now ?? (() => new Date());
  const log = options.log.child({ component: 'traffic', source: options.source.name });
  const gauges: TrafficGauges = createTrafficGauges(options.registry, options.source.name);
  const lastWrite = new Map<string, number>();

  async function writeStatus(sample: TrafficSample, current: Pjn | undefined, signal: AbortSignal): Promise<boolean> {
    const name = sample.subnet.project;
    const traffic = trafficStatus(sample);
    const last = lastWrite.get(name);
    if (current === undefined || deepEqualJson(current.status?.traffic, traffic)) return false;
    if (last !== undefined && now().getTime() - last < periodMs) return false;
    lastWrite.set(name, now().getTime());
    try {
      await options.client.mergePatch(PROJECT_NETWORKS, name, { status: { traffic } }, { subresource: 'status', signal });
      gauges.statusWritten('written');
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      gauges.statusWritten('failed');
      log.warn({ project: name, err: errorMessage(err) }, 'could not write status.traffic');
      return false;
    }
  }

  async function sampleOnce(signal: AbortSignal): Promise<SamplingReport> {
    const projects = options.caches.projectNetworks.list();
    const byName = new Map(projects.map((p) => [p.metadata?.name ?? '', p]));
    const refs = projects.map(subnetRefOf).filter((r): r is SubnetRef => r !== undefined);
    const samples = await options.source.sample(refs, signal);
    gauges.publish(samples, now());
    gauges.retain(new Set(byName.keys()));
    for (const name of lastWrite.keys()) if (!byName.has(name)) lastWrite.delete(name);
    let statusWrites = 0;
    const queue = [...samples];
    await Promise.all(Array.from({ length: STATUS_WRITE_CONCURRENCY }, async () => {
      for (let sample = queue.shift(); sample !== undefined; sample = queue.shift()) {
        if (await writeStatus(sample, byName.get(sample.subnet.project), signal)) statusWrites++;
      }
    }));
    return { projects: refs.length, samples: samples.length, statusWrites };
  }

  const controller = periodicController({
    name: 'traffic',
    log: options.log,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    run: async (signal) => {
      try {
        log.debug(await sampleOnce(signal), 'traffic sampled');
        return periodMs;
      } catch (err) {
        gauges.failed();
        log.warn({ err: errorMessage(err) }, 'traffic sampling failed');
        return Math.min(periodMs, RETRY_AFTER_FAILURE_MS);
      }
    },
  });
  return { controller, sampleOnce };
}
