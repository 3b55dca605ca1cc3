// What the runtime reports as it runs — queues, reconciles, leader election, API requests, watch
// restarts — as an interface: the runtime depends on no metrics code, and metrics/runtime-metrics.ts
// implements it with the Prometheus series dashboards expect.
import type { QueueObserver } from './work-queue.js';

/** How a reconcile ended, as controller-runtime labels it. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

export interface RuntimeMetrics {
  queueObserver(name: string): QueueObserver;
  reconcileStarted(controller: string): void;
  reconcileFinished(controller: string, result: ReconcileOutcome, seconds: number): void;
  setMaxConcurrentReconciles(controller: string, value: number): void;
  setLeader(name: string, leading: boolean): void;
  restRequest(method: string, code: number): void;
  informerRestart(resource: string, reason: string): void;
}
