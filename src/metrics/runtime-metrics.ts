// Runtime metrics named like controller-runtime's and client-go's, so existing dashboards and
// alerts work unchanged: controller_runtime_reconcile_*, workqueue_*, leader_election_master_status,
// rest_client_requests_total.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RuntimeMetrics } from '../kube/metrics-handle.js';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createRuntimeMetrics(registry: Registry): RuntimeMetrics {
  const registers = [registry];
  const reconcileTotal = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers });
  const reconcileErrors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers });
  const reconcileTime = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: DURATION_BUCKETS, registers });
  const activeWorkers = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers });
  const maxConcurrent = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers });
  const depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'], registers });
  const adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'], registers });
  const latency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames: ['name'], buckets: DURATION_BUCKETS, registers });
  const workDuration = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames: ['name'], buckets: DURATION_BUCKETS, registers });
  const retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'], registers });
  const leader = new Gauge({ name: 'leader_election_master_status', help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master', labelNames: ['name'], registers });
  const rest = new Counter({ name: 'rest_client_requests_total', help: 'Number of HTTP requests to the Kubernetes API, partitioned by status code and method', labelNames: ['code', 'method'], registers });
  const informerRestarts = new Counter({ name: 'tenant_network_informer_restarts_total', help: 'Watch restarts per resource and reason (Closed, Expired, Stalled, Error)', labelNames: ['resource', 'reason'], registers });

  return {
    queueObserver: (name) => ({
      depth: (value) => { depth.set({ name }, value); },
      added: () => { adds.inc({ name }); },
      waited: (seconds) => { latency.observe({ name }, seconds); },
      retried: () => { retries.inc({ name }); },
    }),
    reconcileStarted: (controller) => { activeWorkers.inc({ controller }); },
    reconcileFinished: (controller, result, seconds) => {
      activeWorkers.dec({ controller });
      reconcileTotal.inc({ controller, result });
      if (result === 'error') reconcileErrors.inc({ controller });
      reconcileTime.observe({ controller }, seconds);
      workDuration.observe({ name: controller }, seconds);
    },
    setMaxConcurrentReconciles: (controller, value) => { maxConcurrent.set({ controller }, value); },
    setLeader: (name, leading) => { leader.set({ name }, leading ? 1 : 0); },
    restRequest: (method, code) => { rest.inc({ method, code: String(code) }); },
    informerRestart: (resource, reason) => { informerRestarts.inc({ resource, reason }); },
  };
}
