// The traffic sampling period as a metric, so "traffic figures are stale" can be alerted on as a
// multiple of the configured period (10 s to a day) instead of one fixed threshold. Only the leader
// samples, so only the leader reports it; a standby's missing last-success timestamp is no alarm.
import { Gauge, type Registry } from 'prom-client';

export const TRAFFIC_PERIOD_METRIC = 'tenant_network_traffic_period_seconds';

export interface TrafficPeriodOptions {
  readonly registry: Registry;
  /** The traffic source's name, the `source` label of the other traffic series. */
  readonly source: string;
  readonly periodMs: number;
  /** True while this replica leads (and so runs the sampler). */
  readonly active: () => boolean;
}

export function registerTrafficPeriod(options: TrafficPeriodOptions): void {
  const gauge = new Gauge({
    name: TRAFFIC_PERIOD_METRIC,
    help: 'The traffic sampling period in seconds (leader only)',
    labelNames: ['source'],
    registers: [options.registry],
    collect() {
      gauge.reset();
      if (options.active()) gauge.set({ source: options.source }, options.periodMs / 1000);
    },
  });
}
