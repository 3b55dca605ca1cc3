// The traffic series: bytes per second per project and per workspace and direction, as of the
// latest sample; cumulative bytes per project (what billing sums over a month: rates cannot be), the
// rate of each sample integrated over the time since the project's previous one; and how sampling
// goes (so stale figures can be alerted on).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { TrafficSample } from '../providers/contract.js';

export const TRAFFIC_METRIC_NAMES = {
  project: 'tenant_network_project_traffic_bytes_per_second',
  projectTotal: 'tenant_network_project_traffic_bytes_total',
  workspace: 'tenant_network_workspace_traffic_bytes_per_second',
  samples: 'tenant_network_traffic_samples_total',
  lastSuccess: 'tenant_network_traffic_last_success_timestamp_seconds',
  statusWrites: 'tenant_network_traffic_status_writes_total',
} as const;

export interface TrafficGauges {
  /** Replaces every rate series with the figures of one sampling round, and adds to the byte counters. */
  publish(samples: readonly TrafficSample[], now: Date): void;
  /** Drops the byte counters of projects that no longer exist. */
  retain(projects: ReadonlySet<string>): void;
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
  const projectTotal = new Counter({
    name: TRAFFIC_METRIC_NAMES.projectTotal,
    help: 'Bytes into (ingress) and out of (egress) a project, integrated from the sampled rates since the controller started sampling it',
    labelNames: ['workspace', 'project', 'direction'],
    registers,
  });
  /** The time of each project's previous sample, and the workspace its counters are labelled with. */
  const previous = new Map<string, { readonly timestampMs: number; readonly workspace: string }>();
  const integrate = (sample: TrafficSample): void => {
    const { workspace: ws, project: name } = sample.subnet;
    const before = previous.get(name);
    // The first sample of a project only starts the clock: how long its rate lasted is unknown.
    if (before !== undefined && before.workspace === ws && sample.timestampMs > before.timestampMs) {
      const seconds = (sample.timestampMs - before.timestampMs) / 1000;
      projectTotal.inc({ workspace: ws, project: name, direction: 'ingress' }, Math.max(0, sample.ingressBytesPerSecond) * seconds);
      projectTotal.inc({ workspace: ws, project: name, direction: 'egress' }, Math.max(0, sample.egressBytesPerSecond) * seconds);
    } else if (before !== undefined && before.workspace !== ws) {
      // A project moved to another workspace: its bytes so far stay with the old one's series, which goes.
      for (const direction of ['ingress', 'egress']) projectTotal.remove({ workspace: before.workspace, project: name, direction });
    }
    if (before === undefined || sample.timestampMs > before.timestampMs) previous.set(name, { timestampMs: sample.timestampMs, workspace: ws });
  };
  return {
    publish: (round, now) => {
      // Reset and refill in one synchronous step: a scrape never sees a half-written round, and
      // projects that disappeared lose their series.
      project.reset();
      workspace.reset();
      const totals = new Map<string, { ingress: number; egress: number }>();
      for (const sample of round) {
        integrate(sample);
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
    retain: (projects) => {
      for (const [name, { workspace: ws }] of previous) {
        if (projects.has(name)) continue;
        previous.delete(name);
        for (const direction of ['ingress', 'egress']) projectTotal.remove({ workspace: ws, project: name, direction });
      }
    },
    failed: () => { samples.inc({ source, outcome: 'error' }); },
    statusWritten: (outcome) => { statusWrites.inc({ outcome }); },
  };
}
