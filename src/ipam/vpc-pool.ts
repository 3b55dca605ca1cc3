// The cluster's pool of VPC ranges: one range per workspace. Two modes, picked by the provider:
//  - exclusive (Calico; the default): the configured ranges are cut into /vpcPrefixLength blocks and
//    no two workspaces share an address (their pods share one cluster network);
//  - shared (`vpcRangesMayRepeat`, QingCloud): VPCs are isolated, so each configured range is a whole
//    VPC range that several workspaces may use at once; a new workspace gets the least-used one.

import type { Cidr } from './cidr.js';
import type {
  AllocateResult,
  Allocation,
  IpamFailure,
  ReleaseResult,
  RequestFailureReason,
  RestoreFailureReason,
  Utilisation,
} from './results.js';

export interface VpcPoolConfig {
  /** Exclusive: parent ranges to cut VPC ranges from. Shared: the allowed VPC ranges themselves. */
  readonly ranges: readonly string[];
  /** The same range may serve several workspaces (the provider's `vpcRangesMayRepeat`). */
  readonly rangesMayRepeat?: boolean;
  /** Exclusive only: the size of a VPC range (default /16). */
  readonly vpcPrefixLength?: number;
  /** Exclusive only: bounds for a requested VPC range (default: the parent's size … a single address). */
  readonly minPrefixLength?: number;
  readonly maxPrefixLength?: number;
}

export type VpcRequestResult = Allocation | IpamFailure<RequestFailureReason | 'CIDRNotAllowed'>;
export type VpcRestoreResult = Allocation | IpamFailure<RestoreFailureReason | 'CIDRNotAllowed'>;

export type VpcPoolUtilisation =
  | {
      readonly mode: 'exclusive';
      readonly allocations: number;
      readonly vpcPrefixLength: number;
      readonly totalBlocks: number;
      readonly usedBlocks: number;
      readonly freeBlocks: number;
      readonly ranges: readonly Utilisation[];
    }
  | {
      readonly mode: 'shared';
      readonly allocations: number;
      readonly ranges: readonly { readonly cidr: string; readonly allocations: number }[];
    };

export interface VpcPool {
  readonly mode: 'exclusive' | 'shared';
  readonly ranges: readonly string[];
  /** The workspace's VPC range; a new one if it has none. Idempotent. */
  allocate(owner: string): AllocateResult;
  /** A requested range (`WorkspaceNetwork.spec.cidr`). Idempotent for the same range. */
  allocateSpecific(owner: string, cidr: string | Cidr): VpcRequestResult;
  /** Takes back a range recorded in status before a restart; conflicts are reported. */
  restore(owner: string, cidr: string | Cidr): VpcRestoreResult;
  release(owner: string): ReleaseResult;
  cidrOf(owner: string): string | undefined;
  /** Owners of exactly this range (several only in shared mode). */
  ownersOf(cidr: string | Cidr): string[];
  utilisation(): VpcPoolUtilisation;
}

export type CreateVpcPoolResult =
  | { readonly ok: true; readonly pool: VpcPool }
  | { readonly ok: false; readonly reason: 'InvalidPoolConfig'; readonly message: string };

export function invalidPoolConfig(message: string): CreateVpcPoolResult {
  return { ok: false, reason: 'InvalidPoolConfig', message };
}
