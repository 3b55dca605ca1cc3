// What the reconcilers count beyond the runtime's series: addresses refused because a pool is
// exhausted (docs/operations.md: exhaustion is a condition, an Event and a metric, never a crash
// loop), and the orphan sweep's findings. Reconcilers get this handle through their context.
import { Counter, Gauge, type Registry } from 'prom-client';

export type AllocationKind = 'vpc' | 'subnet';

export interface ReconcilerMetrics {
  /** A VPC range or subnet could not be allocated because the pool or VPC is full. */
  poolExhausted(kind: AllocationKind): void;
  /** Resources carrying the controller's mark that nothing refers to, as of the last sweep. */
  orphans(kind: AllocationKind, count: number): void;
  orphanRemoved(kind: AllocationKind): void;
}

export const RECONCILER_METRIC_NAMES = {
  exhausted: 'tenant_network_ipam_exhausted_total',
  orphans: 'tenant_network_orphaned_resources',
  orphansRemoved: 'tenant_network_orphaned_resources_removed_total',
} as const;

export function createReconcilerMetrics(registry: Registry): ReconcilerMetrics {
  const exhausted = new Counter({
    name: RECONCILER_METRIC_NAMES.exhausted,
    help: 'Allocations refused because the VPC pool (kind=vpc) or a workspace VPC (kind=subnet) has no free range; counted per attempt',
    labelNames: ['kind'],
    registers: [registry],
  });
  const orphans = new Gauge({
    name: RECONCILER_METRIC_NAMES.orphans,
    help: 'Provider resources (kind=vpc|subnet) carrying the controller\'s ownership mark that no object refers to, as of the last orphan sweep',
    labelNames: ['kind'],
    registers: [registry],
  });
  const removed = new Counter({
    name: RECONCILER_METRIC_NAMES.orphansRemoved,
    help: 'Orphaned provider resources the sweep removed (orphans.mode=remove)',
    labelNames: ['kind'],
    registers: [registry],
  });
  return {
    poolExhausted: (kind) => { exhausted.inc({ kind }); },
    orphans: (kind, count) => { orphans.set({ kind }, count); },
    orphanRemoved: (kind) => { removed.inc({ kind }); },
  };
}
