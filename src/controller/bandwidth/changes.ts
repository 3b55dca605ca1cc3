// When a project's effective bandwidth limit changes, new pods get the new value from the webhook at
// once, but running pods keep the annotations they were created with (the dataplane reads them only
// when the pod's sandbox is made). This leader-only controller says so: an Event on the
// ProjectNetwork with the number of existing pods still carrying the old limit.
import { API_GROUP_VERSION, KIND_PROJECT_NETWORK } from '../../api/constants.js';
import { INDEX_BY_WORKSPACE, type Caches } from '../caches.js';
import { Controller } from '../../kube/controller.js';
import type { EventRecorder } from '../../kube/events.js';
import type { KubeClient, KubeObject } from '../../kube/kube-client.js';
import { CORE } from '../../kube/resource.js';
import type { RuntimeMetrics } from '../../kube/metrics-handle.js';
import type { Logger } from '../../util/logger.js';
import { bitsPerSecondOf, DIRECTIONS, effectiveLimits, formatBitsPerSecond, type BandwidthLimits, type Direction } from '../../webhook/bandwidth-quantity.js';
import { bandwidthKeys, type AnnotationSetName } from '../../webhook/pod-keys.js';

export interface BandwidthChangeOptions {
  /** `app.caches`. */
  readonly caches: Pick<Caches, 'projectNetworks' | 'workspaceNetworks'>;
  readonly client: KubeClient;
  readonly events: EventRecorder;
  readonly annotationSets: readonly AnnotationSetName[];
  readonly log: Logger;
  readonly metrics?: RuntimeMetrics;
}

function describeLimit(bits: number | undefined): string {
  return bits === undefined ? 'unlimited' : formatBitsPerSecond(bits);
}

function changedDirections(before: BandwidthLimits, after: BandwidthLimits): Direction[] {
  return DIRECTIONS.filter((d) => before[d] !== after[d]);
}

/** Would this pod be stamped differently now: it has the old value, or lacks or exceeds the new one. */
export function carriesOldLimit(annotations: Readonly<Record<string, string>> | undefined, before: BandwidthLimits, after: BandwidthLimits, sets: readonly AnnotationSetName[]): boolean {
  return changedDirections(before, after).some((direction) => {
    const key = bandwidthKeys(direction, sets)[0] ?? '';
    const bits = bitsPerSecondOf(annotations?.[key]);
    const old = before[direction];
    const next = after[direction];
    return (old !== undefined && bits === old) || (next !== undefined && (bits === undefined || bits > next));
  });
}

export function bandwidthChangeNote(before: BandwidthLimits, after: BandwidthLimits, stalePods: number): string {
  const parts = DIRECTIONS.map((d) => (before[d] === after[d] ? `${d} ${describeLimit(after[d])} (unchanged)` : `${d} ${describeLimit(before[d])} → ${describeLimit(after[d])}`));
  return `bandwidth limit changed: ${parts.join(', ')}; new pods get the new limit, ${stalePods} existing pod(s) keep the old one until they are re-created`;
}

function bandwidthOf(object: { spec?: { bandwidth?: unknown } } | undefined): string {
  return JSON.stringify(object?.spec?.bandwidth ?? null);
}

export function createBandwidthChangeController(options: BandwidthChangeOptions): Controller {
  const { caches, client, events, annotationSets } = options;
  const seen = new Map<string, BandwidthLimits>();

  const controller = new Controller({
    name: 'bandwidth',
    concurrency: 2,
    log: options.log,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    reconcile: async (project, { signal }) => {
      const pjn = caches.projectNetworks.get(project);
      if (pjn === undefined || pjn.metadata.deletionTimestamp !== undefined) {
        seen.delete(project);
        return undefined;
      }
      const limits = effectiveLimits(caches.workspaceNetworks.get(pjn.spec.workspace)?.spec.bandwidth, pjn.spec.bandwidth);
      const before = seen.get(project);
      if (before === undefined || changedDirections(before, limits).length === 0) {
        // First sight (start-up, new project): nothing changed from anyone's point of view.
        seen.set(project, limits);
        return undefined;
      }
      const pods = await client.list<KubeObject>(CORE.pods, { namespace: project, metadataOnly: true, signal });
      const stale = pods.items.filter((pod) => pod.metadata?.deletionTimestamp === undefined && carriesOldLimit(pod.metadata?.annotations, before, limits, annotationSets)).length;
      events.record({ apiVersion: API_GROUP_VERSION, kind: KIND_PROJECT_NETWORK, object: pjn }, 'Normal', 'BandwidthChanged', 'UpdateLimit', bandwidthChangeNote(before, limits, stale));
      seen.set(project, limits);
      return undefined;
    },
  });

  controller.watch(caches.projectNetworks, (e) => (e.type === 'update' && bandwidthOf(e.old) === bandwidthOf(e.object) ? [] : [e.object.metadata.name ?? '']));
  controller.watch(caches.workspaceNetworks, (e) =>
    e.type === 'update' && bandwidthOf(e.old) !== bandwidthOf(e.object) ? caches.projectNetworks.byIndex(INDEX_BY_WORKSPACE, e.object.metadata.name ?? '') : [],
  );
  return controller;
}
