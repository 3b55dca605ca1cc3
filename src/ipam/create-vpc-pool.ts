// Builds the VPC pool for the configured mode (see vpc-pool.ts), validating the configuration.

import { parseCidr, type Cidr } from './cidr.js';
import { DEFAULT_VPC_PREFIX_LENGTH } from './defaults.js';
import { createExclusiveVpcPool } from './exclusive-vpc-pool.js';
import { createSharedVpcPool } from './shared-vpc-pool.js';
import { invalidPoolConfig, type CreateVpcPoolResult, type VpcPoolConfig } from './vpc-pool.js';

export function createVpcPool(config: VpcPoolConfig): CreateVpcPoolResult {
  if (config.ranges.length === 0) return invalidPoolConfig('the VPC pool lists no ranges');
  const ranges: Cidr[] = [];
  for (const text of config.ranges) {
    const parsed = parseCidr(text);
    if (!parsed.ok) return invalidPoolConfig(`VPC pool range: ${parsed.message}`);
    ranges.push(parsed.cidr);
  }
  if (config.rangesMayRepeat === true) return createSharedVpcPool(ranges);
  return createExclusiveVpcPool(ranges, {
    vpcPrefixLength: config.vpcPrefixLength ?? DEFAULT_VPC_PREFIX_LENGTH,
    ...(config.minPrefixLength === undefined ? {} : { minPrefixLength: config.minPrefixLength }),
    ...(config.maxPrefixLength === undefined ? {} : { maxPrefixLength: config.maxPrefixLength }),
  });
}

