// What `top` shows, as data: each project's latest traffic sample (ProjectNetwork.status.traffic,
// written by the controller's leader at most once per sampling period), its age, and whether it is
// stale (older than three periods, when the TenantNetworkTrafficSamplingStale alert fires too). Pure.
import { effectiveLimits } from '../webhook/bandwidth-quantity.js';
import { compareStrings } from '../policy/order.js';
import type { TrafficSort } from './cli-command.js';
import type { SnapshotGraph } from './model-input.js';
import { byName, type ClusterSnapshot } from './snapshot.js';
import { limitsOf, type Limits } from './status-report.js';

export interface TrafficRow {
  readonly project: string;
  readonly workspace: string;
  /** Bytes per second into and out of the project's subnet; absent until first sampled. */
  readonly ingressBytesPerSecond?: number;
  readonly egressBytesPerSecond?: number;
  readonly sampledAt?: string;
  readonly ageSeconds?: number;
  readonly stale: boolean;
  /** Per-pod limits (bits per second), for -o wide. */
  readonly bandwidth: Limits;
}

export interface TrafficReport {
  readonly workspace?: string;
  /** The controller's sampling period, which bounds how fresh a figure can be. */
  readonly periodSeconds: number;
  readonly samplingEnabled: boolean;
  readonly projects: readonly TrafficRow[];
  readonly totals: { readonly ingressBytesPerSecond: number; readonly egressBytesPerSecond: number; readonly sampled: number; readonly unsampled: number };
}

const STALE_PERIODS = 3;

function total(row: TrafficRow): number {
  return (row.ingressBytesPerSecond ?? 0) + (row.egressBytesPerSecond ?? 0);
}

function order(sortBy: TrafficSort): (a: TrafficRow, b: TrafficRow) => number {
  const key = (row: TrafficRow): number => (sortBy === 'ingress' ? row.ingressBytesPerSecond ?? 0 : sortBy === 'egress' ? row.egressBytesPerSecond ?? 0 : total(row));
  const byName = (a: TrafficRow, b: TrafficRow): number => compareStrings(a.project, b.project);
  if (sortBy === 'name') return byName;
  // Busiest first; projects without a sample after every sampled one.
  return (a, b) => Number(a.sampledAt === undefined) - Number(b.sampledAt === undefined) || key(b) - key(a) || byName(a, b);
}

export function trafficReport(snapshot: ClusterSnapshot, graph: SnapshotGraph, options: { workspace?: string; sortBy: TrafficSort; now: Date }): TrafficReport {
  const { periodSeconds, enabled } = snapshot.settings.traffic;
  const networks = byName(snapshot.projectNetworks);
  const workspaces = byName(snapshot.workspaceNetworks);
  const rows: TrafficRow[] = [];
  for (const name of graph.projectNames()) {
    const workspace = graph.project(name)?.workspace ?? '';
    if (options.workspace !== undefined && workspace !== options.workspace) continue;
    const pjn = networks.get(name);
    const traffic = pjn?.status?.traffic;
    const bandwidth = limitsOf(effectiveLimits(workspaces.get(workspace)?.spec.bandwidth, pjn?.spec.bandwidth));
    if (traffic === undefined) {
      rows.push({ project: name, workspace, stale: false, bandwidth });
      continue;
    }
    const ageSeconds = Math.max(0, Math.round((options.now.getTime() - Date.parse(traffic.sampledAt)) / 1000));
    rows.push({
      project: name,
      workspace,
      ingressBytesPerSecond: traffic.ingressBytesPerSecond,
      egressBytesPerSecond: traffic.egressBytesPerSecond,
      sampledAt: traffic.sampledAt,
      ageSeconds,
      stale: ageSeconds > STALE_PERIODS * periodSeconds,
      bandwidth,
    });
  }
  rows.sort(order(options.sortBy));
  const sampled = rows.filter((r) => r.sampledAt !== undefined);
  return {
    ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
    periodSeconds,
    samplingEnabled: enabled,
    projects: rows,
    totals: {
      ingressBytesPerSecond: sampled.reduce((sum, r) => sum + (r.ingressBytesPerSecond ?? 0), 0),
      egressBytesPerSecond: sampled.reduce((sum, r) => sum + (r.egressBytesPerSecond ?? 0), 0),
      sampled: sampled.length,
      unsampled: rows.length - sampled.length,
    },
  };
}
