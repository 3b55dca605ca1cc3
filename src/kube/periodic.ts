// A task the leader runs every so often (traffic sampling, the orphan sweep), as a Controller with
// a single key that re-queues itself: the manager starts and stops it with the reconcilers, so it
// runs on the leader only, and it never runs twice at once.
import { Controller } from './controller.js';
import type { RuntimeMetrics } from './metrics-handle.js';
import type { Logger } from '../util/logger.js';

export interface PeriodicTaskOptions {
  readonly name: string;
  readonly log: Logger;
  readonly metrics?: RuntimeMetrics;
  /** How long after the start the first run comes; default at once. */
  readonly firstRunAfterMs?: number;
  /** One run; resolves with the time until the next. It must not throw: a run reports its own failures. */
  run(signal: AbortSignal): Promise<number>;
}

export function periodicController(options: PeriodicTaskOptions): Controller {
  const controller = new Controller({
    name: options.name,
    concurrency: 1,
    log: options.log,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    reconcile: async (_key, { signal }) => ({ requeueAfterMs: await options.run(signal) }),
  });
  if (options.firstRunAfterMs === undefined) controller.enqueue(options.name);
  else controller.queue.addAfter(options.name, options.firstRunAfterMs);
  return controller;
}
