// The controller's address state: the cluster VPC pool and one subnet allocator per workspace VPC.
// It lives in memory only; its source of truth is the API server (`status.cidr` of the CRs), from
// which `restore` rebuilds it on start, before anything is allocated.
import {
  createSubnetAllocator,
  createVpcPool,
  type AllocateResult,
  type RangeAllocator,
  type VpcPool,
  type VpcPoolConfig,
  type VpcRequestResult,
} from '../ipam/index.js';
import type { ProviderCapabilities } from '../providers/contract.js';

export interface SubnetBounds {
  /** Both set when the provider allows exactly one size (QingCloud: 24); only max for Calico (its block). */
  readonly minPrefixLength?: number;
  readonly maxPrefixLength?: number;
}

/** Subnet sizes the provider can serve: exactly one (QingCloud /24), or none longer than a block (Calico). */
export function subnetBoundsOf(capabilities: ProviderCapabilities): SubnetBounds {
  const fixed = capabilities.fixedSubnetPrefixLength;
  if (fixed !== undefined) return { minPrefixLength: fixed, maxPrefixLength: fixed };
  return capabilities.maxSubnetPrefixLength === undefined ? {} : { maxPrefixLength: capabilities.maxSubnetPrefixLength };
}

export interface RestoreProblem {
  readonly kind: 'vpc' | 'subnet';
  readonly owner: string;
  readonly cidr: string;
  readonly message: string;
}

export class IpamRegistry {
  readonly pool: VpcPool;
  private readonly subnetBounds: SubnetBounds;
  private readonly subnets = new Map<string, RangeAllocator>();

  constructor(poolConfig: VpcPoolConfig, subnetBounds: SubnetBounds = {}) {
    const created = createVpcPool(poolConfig);
    if (!created.ok) throw new Error(`invalid VPC pool: ${created.message}`);
    this.pool = created.pool;
    this.subnetBounds = subnetBounds;
  }

  /**
   * The subnet allocator of a workspace VPC, created on first use. A VPC range never changes once
   * set, so the allocator is keyed by workspace and checked against the range.
   */
  subnetAllocator(workspace: string, vpcCidr: string, prefixLength: number): RangeAllocator | { error: string } {
    const existing = this.subnets.get(workspace);
    if (existing !== undefined && existing.parent === vpcCidr) return existing;
    const created = createSubnetAllocator({ vpcCidr, prefixLength, ...this.subnetBounds });
    if (!created.ok) return { error: created.message };
    this.subnets.set(workspace, created.allocator);
    return created.allocator;
  }

  allocateVpc(workspace: string, requested: string | undefined): AllocateResult | VpcRequestResult {
    return requested === undefined ? this.pool.allocate(workspace) : this.pool.allocateSpecific(workspace, requested);
  }

  releaseVpc(workspace: string): void {
    this.pool.release(workspace);
    this.subnets.delete(workspace);
  }

  releaseSubnet(workspace: string, project: string): void {
    this.subnets.get(workspace)?.release(project);
  }

  /**
   * Rebuilds state from what the API server recorded. Conflicts (two objects claiming overlapping
   * ranges) are reported, never resolved silently: the first claim wins and the others surface as
   * conditions when their objects are reconciled.
   */
  restore(
    workspaces: readonly { name: string; cidr: string | undefined; prefixLength: number }[],
    projects: readonly { name: string; workspace: string; cidr: string | undefined }[],
  ): RestoreProblem[] {
    const problems: RestoreProblem[] = [];
    const vpcOf = new Map<string, { cidr: string; prefixLength: number }>();
    for (const ws of workspaces) {
      if (ws.cidr === undefined) continue;
      const result = this.pool.restore(ws.name, ws.cidr);
      if (!result.ok) problems.push({ kind: 'vpc', owner: ws.name, cidr: ws.cidr, message: result.message });
      else vpcOf.set(ws.name, { cidr: ws.cidr, prefixLength: ws.prefixLength });
    }
    for (const project of projects) {
      if (project.cidr === undefined) continue;
      const vpc = vpcOf.get(project.workspace);
      if (vpc === undefined) {
        problems.push({ kind: 'subnet', owner: project.name, cidr: project.cidr, message: `workspace ${project.workspace} has no VPC range` });
        continue;
      }
      const allocator = this.subnetAllocator(project.workspace, vpc.cidr, vpc.prefixLength);
      if ('error' in allocator) {
        problems.push({ kind: 'subnet', owner: project.name, cidr: project.cidr, message: allocator.error });
        continue;
      }
      const result = allocator.restore(project.name, project.cidr);
      if (!result.ok) problems.push({ kind: 'subnet', owner: project.name, cidr: project.cidr, message: result.message });
    }
    return problems;
  }
}
