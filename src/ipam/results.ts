// Outcomes of allocator operations. Failures are values with a CamelCase `reason` that the
// controllers copy into a condition's `reason`, and a message naming what is in the way.

import type { Cidr, CidrParseFailureReason } from './cidr.js';

export type ExhaustionReason = 'NoAvailableSubnet' | 'NoAvailableVPCRange';

export type IpamFailureReason =
  | CidrParseFailureReason
  | ExhaustionReason
  /** The owner key is empty. */
  | 'InvalidOwner'
  /** The requested range is not inside the parent range (or the VPC pool). */
  | 'CIDROutsideParent'
  /** Shared VPC pools only: the range is not one of the allowed VPC ranges. */
  | 'CIDRNotAllowed'
  /** The requested prefix length is shorter than allowed (the range is too large). */
  | 'PrefixTooSmall'
  /** The requested prefix length is longer than allowed (the range is too small). */
  | 'PrefixTooLarge'
  /** The range overlaps one that another owner holds. */
  | 'CIDROverlaps'
  /** The owner already holds a different range; assigned ranges never change. */
  | 'OwnerHoldsOtherCIDR'
  /** Release of something that is not allocated. */
  | 'NotAllocated';

/** Who holds which range. */
export interface AllocationRecord {
  readonly owner: string;
  readonly cidr: string;
}

export interface IpamFailure<R extends IpamFailureReason = IpamFailureReason> {
  readonly ok: false;
  readonly reason: R;
  readonly message: string;
  /** The allocation in the way, for `CIDROverlaps` and `OwnerHoldsOtherCIDR`. */
  readonly conflict?: AllocationRecord;
}

export interface Allocation {
  readonly ok: true;
  readonly owner: string;
  readonly cidr: string;
  readonly range: Cidr;
  /** True when the owner already held this range (a repeated call), false when just assigned. */
  readonly existing: boolean;
}

export interface Release {
  readonly ok: true;
  readonly owner: string;
  readonly cidr: string;
  readonly range: Cidr;
}

export type AllocateFailureReason = 'InvalidOwner' | ExhaustionReason;

/** Why a requested range (a CR's `spec.cidr`) cannot be given. */
export type RequestFailureReason =
  | 'InvalidOwner'
  | CidrParseFailureReason
  | 'CIDROutsideParent'
  | 'PrefixTooSmall'
  | 'PrefixTooLarge'
  | 'CIDROverlaps'
  | 'OwnerHoldsOtherCIDR';

/** Why a range recorded in status cannot be taken back after a restart (size limits do not apply). */
export type RestoreFailureReason = Exclude<RequestFailureReason, 'PrefixTooSmall' | 'PrefixTooLarge'>;

export type AllocateResult = Allocation | IpamFailure<AllocateFailureReason>;
export type AllocateSpecificResult = Allocation | IpamFailure<RequestFailureReason>;
export type RestoreResult = Allocation | IpamFailure<RestoreFailureReason>;
export type ReleaseResult = Release | IpamFailure<'NotAllocated'>;
export type ReleaseCidrResult = Release | IpamFailure<'NotAllocated' | CidrParseFailureReason>;

/** Counts for metrics and status; blocks are of the allocator's default size. */
export interface Utilisation {
  readonly parent: string;
  readonly allocations: number;
  readonly blockPrefixLength: number;
  readonly totalBlocks: number;
  /** Default-size blocks overlapping at least one allocation. */
  readonly usedBlocks: number;
  readonly freeBlocks: number;
  readonly totalAddresses: number;
  readonly usedAddresses: number;
}

export function ipamFailure<R extends IpamFailureReason>(
  reason: R,
  message: string,
  conflict?: AllocationRecord,
): IpamFailure<R> {
  return conflict === undefined ? { ok: false, reason, message } : { ok: false, reason, message, conflict };
}

export function invalidOwner(owner: string): IpamFailure<'InvalidOwner'> | undefined {
  return owner === '' ? ipamFailure('InvalidOwner', 'the owner key must not be empty') : undefined;
}
