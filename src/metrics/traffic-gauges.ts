// The traffic series: bytes per second per project and per workspace and direction, as of the
// latest sample, plus how sampling goes (so stale figures can be alerted on).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { TrafficSample } from '../providers/contract.js';

export const TRAFFIC_METRIC_NAMES = {
  project: 'tenant_network_project_traffic_bytes_per_second',
  workspace: 'tenant_network_workspace_traffic_bytes_per_second',
  samples: 'tenant_network_traffic_samples_total',
  lastSuccess: 'tenant_network_traffic_last_success_timestamp_seconds',
  statusWrites: 'tenant_network_traffic_status_writes_total',
} as const;

export interface TrafficGauges {
  /** Replaces every series with the figures of one sampling round. */
  publish(samples: readonly TrafficSample[], now: Date): void;
  failed(): void;
  statusWritten(outcome: 'written' | 'failed'): void;
}

export function createTrafficGauges(registry: Registry, source: string): TrafficGauges {
  const registers = [registry];
  const project = new Gauge({ name: TRAFFIC_METRIC_NAMES.project, help: 'Traffic of a project subnet in bytes per second, as of the latest sample', labelNames: ['workspace', 'project', 'direction'], registers });
  const workspace = new Gauge({ name: TRAFFIC_METRIC_NAMES.workspace, help: 'Traffic of all sampled projects of a workspace in bytes per second', labelNames: ['workspace', 'direction'], registers });
  const samples = new Counter({ name: TRAFFIC_METRIC_NAMES.samples, help: 'Traffic sampling rounds per source and outcome', labelNames: ['source', 'outcome'], registers });
  const lastSuccess = new Gauge({ name: TRAFFIC_METRIC_NAMES.lastSuccess, help: 'When traffic was last sampled successfully (Unix seconds)', labelNames: ['source'], registers });
  const statusWrites = new Counter({ name: TRAFFIC_METRIC_NAMES.statusWrites, help: 'ProjectNetwork status.traffic writes per outcome', labelNames: ['outcome'], registers });
  return {
    publish: (round, now) => {
      // Reset and refill in one synchronous step: a scrape never sees a half-written round, and
      // projects that disappeared lose their series.
      project.reset();
      workspace.reset();
      const totals = new Map<string, { ingress: number; egress: number }>();
      for (const sample of round) {
        const { workspace: ws, project: name } = sample.subnet;
        project.set({ workspace: ws, project: name, direction: 'ingress' }, sample.ingressBytesPerSecond);
        project.set({ workspace: ws, project: name, direction: 'egress' }, sample.egressBytesPerSecond);
        const total = totals.get(ws) ?? { ingress: 0, egress: 0 };
        totals.set(ws, { ingress: total.ingress + sample.ingressBytesPerSecond, egress: total.egress + sample.egressBytesPerSecond });
      }
      for (const [ws, total] of totals) {
        workspace.set({ workspace: ws, direction: 'ingress' }, total.ingress);
        workspace.set({ workspace: ws, direction: 'egress' }, total.egress);
      }
      samples.inc({ source, outcome: 'success' });
      lastSuccess.set({ source }, now.getTime() / 1000);
    },
    failed: () => { samples.inc({ source, outcome: 'error' }); },
    statusWritten: (outcome) => { statusWrites.inc({ outcome }); },
  };
}
