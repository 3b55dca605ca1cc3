// What the reconcilers count beyond the runtime's series: addresses refused because a pool is
// exhausted (docs/operations.md: exhaustion is a condition, an Event and a metric, never a crash
// loop). Reconcilers get this handle through their context; tests pass the silent one.
import { Counter, type Registry } from 'prom-client';

export type AllocationKind = 'vpc' | 'subnet';

export interface ReconcilerMetrics {
  /** A VPC range or subnet could not be allocated because the pool or VPC is full. */
  poolExhausted(kind: AllocationKind): void;
}

export const RECONCILER_METRIC_NAMES = {
  exhausted: 'tenant_network_ipam_exhausted_total',
} as const;

export const SILENT_RECONCILER_METRICS: ReconcilerMetrics = { poolExhausted: () => undefined };

export function createReconcilerMetrics(registry: Registry): ReconcilerMetrics {
  const exhausted = new Counter({
    name: RECONCILER_METRIC_NAMES.exhausted,
    help: 'Allocations refused because the VPC pool (kind=vpc) or a workspace VPC (kind=subnet) has no free range; counted per attempt',
    labelNames: ['kind'],
    registers: [registry],
  });
  return { poolExhausted: (kind) => { exhausted.inc({ kind }); } };
}
