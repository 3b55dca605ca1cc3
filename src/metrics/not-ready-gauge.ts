// Objects that are not Ready, per kind and reason, counted at scrape time from the informer caches:
// what the "objects not Ready for N minutes" alert watches. Only the leader reports (it is the one
// that writes the conditions), so a sum over replicas never counts an object twice.
import { Gauge, type Registry } from 'prom-client';
import { CONDITION_READY, type Condition } from '../api/conditions.js';

export const NOT_READY_METRIC = 'tenant_network_objects_not_ready';

/** The reason the CLI shows for an object the controller has not handled yet. */
export const NOT_RECONCILED = 'NotReconciled';

interface WithConditions {
  readonly status?: { readonly conditions?: readonly Condition[] };
}

export interface NotReadySource {
  /** The kind, as the label value (WorkspaceNetwork, ProjectNetwork, ProjectConnection). */
  readonly kind: string;
  list(): readonly WithConditions[];
}

export interface NotReadyGaugeOptions {
  readonly registry: Registry;
  readonly sources: readonly NotReadySource[];
  /** True while this replica leads and its caches have synced. */
  readonly active: () => boolean;
}

/** Objects whose Ready condition is not True, by reason (`NotReconciled` when there is none). */
export function notReadyByReason(objects: readonly WithConditions[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const object of objects) {
    const ready = object.status?.conditions?.find((c) => c.type === CONDITION_READY);
    if (ready?.status === 'True') continue;
    const reason = ready?.reason ?? NOT_RECONCILED;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return counts;
}

export function registerNotReadyGauge(options: NotReadyGaugeOptions): void {
  const gauge = new Gauge({
    name: NOT_READY_METRIC,
    help: 'Objects whose Ready condition is not True, per kind and reason (leader only)',
    labelNames: ['kind', 'reason'],
    registers: [options.registry],
    collect() {
      gauge.reset();
      if (!options.active()) return;
      for (const source of options.sources) {
        for (const [reason, count] of notReadyByReason(source.list())) gauge.set({ kind: source.kind, reason }, count);
      }
    },
  });
}
