// IPAM utilisation gauges, computed at scrape time from the leader's address state: VPC ranges used
// and free in the cluster pool, and subnets (default-size blocks) used and free per workspace VPC.
// The address state is rebuilt only on the leader, so standbys report no series at all rather than
// an empty pool.
import { Gauge, type Registry } from 'prom-client';
import type { VpcPoolUtilisation } from '../ipam/index.js';
import type { RangeAllocator } from '../ipam/index.js';

export const IPAM_METRIC_NAMES = {
  vpcRanges: 'tenant_network_ipam_vpc_ranges',
  vpcAllocations: 'tenant_network_ipam_vpc_allocations',
  subnets: 'tenant_network_ipam_subnets',
} as const;

export interface WorkspaceRange {
  readonly workspace: string;
  readonly cidr: string;
  readonly subnetPrefixLength: number;
}

export interface IpamUtilisationOptions {
  readonly registry: Registry;
  /** `app.ipam` (IpamRegistry) satisfies this. */
  readonly ipam: {
    readonly pool: { utilisation(): VpcPoolUtilisation };
    subnetAllocator(workspace: string, vpcCidr: string, prefixLength: number): RangeAllocator | { error: string };
  };
  /** Workspaces with a recorded VPC range (from the WorkspaceNetwork cache). */
  readonly workspaces: () => Iterable<WorkspaceRange>;
  /** True while the address state is authoritative (this replica leads and has restored it). */
  readonly active: () => boolean;
}

/** used/free VPC ranges: blocks in exclusive mode, whole ranges with/without a workspace in shared mode. */
export function vpcRangeCounts(u: VpcPoolUtilisation): { used: number; free: number } {
  if (u.mode === 'exclusive') return { used: u.usedBlocks, free: u.freeBlocks };
  const used = u.ranges.filter((r) => r.allocations > 0).length;
  return { used, free: u.ranges.length - used };
}

export function registerIpamUtilisation(options: IpamUtilisationOptions): void {
  const registers = [options.registry];
  const vpcRanges = new Gauge({
    name: IPAM_METRIC_NAMES.vpcRanges,
    help: 'VPC ranges of the cluster pool by state (used, free); in shared mode (QingCloud) a range is used when any workspace has it',
    labelNames: ['state'],
    registers,
    collect() {
      vpcRanges.reset();
      if (!options.active()) return;
      const counts = vpcRangeCounts(options.ipam.pool.utilisation());
      vpcRanges.set({ state: 'used' }, counts.used);
      vpcRanges.set({ state: 'free' }, counts.free);
    },
  });
  const vpcAllocations = new Gauge({
    name: IPAM_METRIC_NAMES.vpcAllocations,
    help: 'Workspaces holding a VPC range',
    registers,
    collect() {
      vpcAllocations.reset();
      if (options.active()) vpcAllocations.set(options.ipam.pool.utilisation().allocations);
    },
  });
  const subnets = new Gauge({
    name: IPAM_METRIC_NAMES.subnets,
    help: 'Subnets of a workspace VPC by state (used, free), counted in blocks of the workspace subnet size',
    labelNames: ['workspace', 'state'],
    registers,
    collect() {
      subnets.reset();
      if (!options.active()) return;
      for (const ws of options.workspaces()) {
        const allocator = options.ipam.subnetAllocator(ws.workspace, ws.cidr, ws.subnetPrefixLength);
        if ('error' in allocator) continue;
        const u = allocator.utilisation();
        subnets.set({ workspace: ws.workspace, state: 'used' }, u.usedBlocks);
        subnets.set({ workspace: ws.workspace, state: 'free' }, u.freeBlocks);
      }
    },
  });
}

/** Workspace ranges from WorkspaceNetwork objects (status.cidr, spec.subnetPrefixLength). */
export function workspaceRangesOf(
  workspaceNetworks: Iterable<{ readonly metadata?: { readonly name?: string }; readonly spec: { readonly subnetPrefixLength?: number }; readonly status?: { readonly cidr?: string } }>,
  defaultPrefixLength: number,
): WorkspaceRange[] {
  const out: WorkspaceRange[] = [];
  for (const w of workspaceNetworks) {
    const name = w.metadata?.name;
    const cidr = w.status?.cidr;
    if (name !== undefined && cidr !== undefined) out.push({ workspace: name, cidr, subnetPrefixLength: w.spec.subnetPrefixLength ?? defaultPrefixLength });
  }
  return out;
}
