import { describe, expect, it } from '@jest/globals';
import type { IPPOOL_ALLOWED_USES } from '../../api/external/calico-ippool.js';
import type { IpPoolObject } from './ippool.js';
import { podCidrsOf } from './pod-cidrs.js';

function pool(cidr: string | undefined, allowedUses?: (typeof IPPOOL_ALLOWED_USES)[number][]): IpPoolObject {
  return { metadata: { name: `p-${cidr ?? 'none'}` }, spec: { ...(cidr === undefined ? {} : { cidr }), ...(allowedUses === undefined ? {} : { allowedUses }) } };
}

describe('podCidrsOf', () => {
  it.each([
    { name: 'nothing', pools: [], expected: [] },
    { name: 'the default pool', pools: [pool('192.168.0.0/16')], expected: ['192.168.0.0/16'] },
    {
      name: 'sorted by address, duplicates once',
      pools: [pool('192.168.0.0/16'), pool('10.244.0.0/16'), pool('192.168.0.0/16'), pool('10.0.0.0/8')],
      expected: ['10.0.0.0/8', '10.244.0.0/16', '192.168.0.0/16'],
    },
    { name: 'IPv6 pools are left out', pools: [pool('fd00:10::/64'), pool('10.1.0.0/16')], expected: ['10.1.0.0/16'] },
    { name: 'pools without a range are left out', pools: [pool(undefined)], expected: [] },
    { name: 'a range with host bits is widened to its network', pools: [pool('10.1.2.3/16')], expected: ['10.1.0.0/16'] },
    {
      name: 'tunnel-only and load-balancer pools do not hold pods',
      pools: [pool('10.1.0.0/16', ['Tunnel']), pool('10.2.0.0/16', ['LoadBalancer']), pool('10.3.0.0/16', ['Workload', 'Tunnel']), pool('10.4.0.0/16', [])],
      expected: ['10.3.0.0/16', '10.4.0.0/16'],
    },
  ])('$name', ({ pools, expected }) => {
    expect(podCidrsOf(pools)).toEqual(expected);
  });
});
