// The process's own figures — resident memory, CPU seconds, heap, event-loop lag, open file
// descriptors — under the names every Prometheus client library shares (process_*, nodejs_*), so the
// usual memory and CPU dashboards and alerts read the controller like any other workload.
import { collectDefaultMetrics, type Registry } from 'prom-client';

export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
}
