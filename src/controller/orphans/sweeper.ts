// The orphan sweep: on the leader, every period, it lists what the provider owns (listOwned),
// plans against what the caches refer to (plan.ts), and reports or removes the orphans whose grace
// period is over — each checked against the caches once more just before, since they may have
// moved on while the provider answered. Nothing is planned before the caches have synced. A gauge
// counts orphans by kind, a counter the removals, and each is announced by an Event about the
// controller's own namespace (orphans have no object of their own to carry one; like every Event
// about a cluster-scoped object, it is kept in "default").
import type { KubeObject } from '../../kube/kube-client.js';
import type { Controller } from '../../kube/controller.js';
import type { EventRecorder } from '../../kube/events.js';
import type { RuntimeMetrics } from '../../kube/metrics-handle.js';
import { periodicController } from '../../kube/periodic.js';
import type { ReconcilerMetrics } from '../../metrics/reconciler-metrics.js';
import type { NetworkProvider, OwnedResource } from '../../providers/contract.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { CacheReaders } from '../caches.js';
import { keyOf, planOrphanSweep } from './plan.js';
import { isReferenced, referencesOf, type References } from './references.js';

export interface OrphanSweepOptions {
  readonly mode: 'report' | 'remove';
  readonly periodMs: number;
  readonly graceMs: number;
  /** The controller's namespace, which the Events are about. */
  readonly controllerNamespace: string;
}

export interface OrphanSweepDependencies {
  readonly provider: NetworkProvider;
  readonly caches: Pick<CacheReaders, 'workspaces' | 'workspaceNetworks' | 'projectNetworks'>;
  readonly events: EventRecorder;
  readonly metrics: ReconcilerMetrics;
  readonly log: Logger;
  readonly runtimeMetrics?: RuntimeMetrics;
  readonly now?: () => number;
}

export type SweepReport = { readonly swept: false; readonly reason: string } | { readonly swept: true; readonly owned: number; readonly orphans: number; readonly removed: number };

export interface OrphanSweeper {
  /** Add to the manager: it runs on the leader only. */
  readonly controller: Controller;
  /** One sweep (the controller runs one every period). */
  sweepOnce(signal: AbortSignal): Promise<SweepReport>;
}

function describe(r: OwnedResource): string {
  const owner = r.kind === 'vpc' ? (r.workspace === undefined ? '' : ` of workspace ${r.workspace}`) : (r.project === undefined ? '' : ` of project ${r.project}`);
  return `${r.kind === 'vpc' ? 'VPC' : 'subnet'} ${r.name} (${r.id})${owner}`;
}

export function createOrphanSweeper(options: OrphanSweepOptions, deps: OrphanSweepDependencies): OrphanSweeper {
  const { provider, caches, events, metrics } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child({ component: 'orphans', mode: options.mode });
  const regarding = { apiVersion: 'v1', kind: 'Namespace', object: { metadata: { name: options.controllerNamespace } } satisfies KubeObject };
  let firstSeen: ReadonlyMap<string, number> = new Map();
  const reported = new Set<string>();

  const references = (): References => referencesOf({ workspaces: caches.workspaces.list(), workspaceNetworks: caches.workspaceNetworks.list(), projectNetworks: caches.projectNetworks.list() });
  const synced = (): boolean => caches.workspaces.hasSynced() && caches.workspaceNetworks.hasSynced() && caches.projectNetworks.hasSynced();

  async function handle(resource: OwnedResource, signal: AbortSignal): Promise<boolean> {
    const key = keyOf(resource);
    if (options.mode === 'report') {
      if (!reported.has(key)) events.record(regarding, 'Warning', 'OrphanFound', 'Sweep', `${describe(resource)} carries the controller's mark but nothing refers to it; orphans.mode=remove removes such resources`);
      reported.add(key);
      return false;
    }
    try {
      await provider.deleteOwned(resource, signal);
    } catch (err) {
      log.warn({ resource: key, err: errorMessage(err) }, 'could not remove an orphaned resource; trying again next sweep');
      return false;
    }
    metrics.orphanRemoved(resource.kind);
    events.record(regarding, 'Normal', 'OrphanRemoved', 'Sweep', `removed ${describe(resource)}: nothing referred to it for ${Math.round(options.graceMs / 1000)} s`);
    log.info({ resource: key, name: resource.name }, 'orphaned resource removed');
    return true;
  }

  async function sweepOnce(signal: AbortSignal): Promise<SweepReport> {
    if (!synced()) return { swept: false, reason: 'caches not synced' };
    const owned = await provider.listOwned(signal);
    const plan = planOrphanSweep({ owned, references: references(), firstSeen, nowMs: now(), graceMs: options.graceMs });
    firstSeen = plan.firstSeen;
    for (const key of reported) if (!firstSeen.has(key)) reported.delete(key);
    for (const kind of ['vpc', 'subnet'] as const) metrics.orphans(kind, plan.orphans.filter((r) => r.kind === kind).length);
    let removed = 0;
    for (const resource of plan.due) {
      // The caches may have moved on while the provider was listing.
      if (isReferenced(resource, references())) continue;
      if (await handle(resource, signal)) removed++;
    }
    return { swept: true, owned: owned.length, orphans: plan.orphans.length, removed };
  }

  const controller = periodicController({
    name: 'orphans',
    log: deps.log,
    ...(deps.runtimeMetrics === undefined ? {} : { metrics: deps.runtimeMetrics }),
    // The first sweep one period in: the caches have settled, and start-up costs no extra calls.
    firstRunAfterMs: options.periodMs,
    run: async (signal) => {
      try {
        log.debug(await sweepOnce(signal), 'orphan sweep');
      } catch (err) {
        log.warn({ err: errorMessage(err) }, 'orphan sweep failed');
      }
      return options.periodMs;
    },
  });
  return { controller, sweepOnce };
}
