// The per-VPC allocator: each project of a workspace gets a /subnetPrefixLength inside the
// workspace's VPC range. One instance per workspace; the controller keeps them by workspace name.

import { DEFAULT_SUBNET_PREFIX_LENGTH } from '../api/workspace-network.js';
import { DEFAULT_SUBNET_MAX_PREFIX_LENGTH } from './defaults.js';
import type { Cidr } from './cidr.js';
import { createRangeAllocator, type CreateRangeAllocatorResult } from './range-allocator.js';

export interface SubnetAllocatorConfig {
  readonly vpcCidr: string | Cidr;
  /** Default subnet size (the workspace's `subnetPrefixLength`). */
  readonly prefixLength?: number;
  /** Bounds for requested subnets; a provider with one fixed size (QingCloud: 24) sets both to it. */
  readonly minPrefixLength?: number;
  readonly maxPrefixLength?: number;
}

export function createSubnetAllocator(config: SubnetAllocatorConfig): CreateRangeAllocatorResult {
  const prefixLength = config.prefixLength ?? DEFAULT_SUBNET_PREFIX_LENGTH;
  return createRangeAllocator({
    kind: 'subnet',
    parent: config.vpcCidr,
    prefixLength,
    ...(config.minPrefixLength === undefined ? {} : { minPrefixLength: config.minPrefixLength }),
    maxPrefixLength: config.maxPrefixLength ?? Math.max(prefixLength, DEFAULT_SUBNET_MAX_PREFIX_LENGTH),
  });
}
