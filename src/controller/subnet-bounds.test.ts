import { describe, expect, it } from '@jest/globals';
import type { ProviderCapabilities } from '../providers/contract.js';
import { subnetBoundsOf } from './ipam-registry.js';

const base: ProviderCapabilities = { trafficMetrics: false };

describe('subnetBoundsOf', () => {
  it.each([
    ['no limits', base, {}],
    ['one fixed size (QingCloud)', { ...base, fixedSubnetPrefixLength: 24 }, { minPrefixLength: 24, maxPrefixLength: 24 }],
    ['no subnet smaller than a block (Calico)', { ...base, maxSubnetPrefixLength: 26 }, { maxPrefixLength: 26 }],
    ['a fixed size wins over a block limit', { ...base, fixedSubnetPrefixLength: 24, maxSubnetPrefixLength: 26 }, { minPrefixLength: 24, maxPrefixLength: 24 }],
  ])('%s', (_name, capabilities, expected) => {
    expect(subnetBoundsOf(capabilities)).toEqual(expected);
  });
});
