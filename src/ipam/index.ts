// Pure IPAM (docs/architecture.md, IPAM): CIDR helpers, the generic range allocator, the per-VPC
// subnet allocator and the cluster's VPC pool. No I/O; state is rebuilt from the API server with
// `restore`.

export { formatIpv4Address, IPV4_BITS, parseIpv4Address, type Ipv4ParseResult } from './ipv4.js';
export {
  addressBits,
  cidrAddressCount,
  cidrContains,
  cidrEquals,
  cidrLastAddress,
  cidrsOverlap,
  compareCidrs,
  formatCidr,
  gatewayOf,
  parseCidr,
  toCidr,
  validateCidr,
  type Cidr,
  type CidrParseFailure,
  type CidrParseFailureReason,
  type CidrParseResult,
  type IpFamily,
  type Ipv4Cidr,
} from './cidr.js';
export type { CandidateTier } from './block-space.js';
export { ReleaseClock } from './release-queue.js';
export type {
  AllocateFailureReason,
  AllocateResult,
  AllocateSpecificResult,
  Allocation,
  AllocationRecord,
  ExhaustionReason,
  IpamFailure,
  IpamFailureReason,
  Release,
  ReleaseCidrResult,
  ReleaseResult,
  RequestFailureReason,
  RestoreFailureReason,
  RestoreResult,
  Utilisation,
} from './results.js';
export {
  createRangeAllocator,
  type CreateRangeAllocatorResult,
  type NextFree,
  type RangeAllocator,
  type RangeAllocatorConfig,
  type RangeKind,
} from './range-allocator.js';
export { createSubnetAllocator, type SubnetAllocatorConfig } from './subnet-allocator.js';
export type {
  CreateVpcPoolResult,
  VpcPool,
  VpcPoolConfig,
  VpcPoolUtilisation,
  VpcRequestResult,
  VpcRestoreResult,
} from './vpc-pool.js';
export { createVpcPool } from './create-vpc-pool.js';
export {
  DEFAULT_SUBNET_MAX_PREFIX_LENGTH,
  DEFAULT_VPC_POOL_RANGES,
  DEFAULT_VPC_PREFIX_LENGTH,
} from './defaults.js';
