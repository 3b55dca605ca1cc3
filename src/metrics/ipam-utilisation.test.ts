import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { IpamRegistry } from '../controller/ipam-registry.js';
import { registerIpamUtilisation, vpcRangeCounts, workspaceRangesOf } from './ipam-utilisation.js';

describe('registerIpamUtilisation', () => {
  it('reports VPC ranges and per-workspace subnets of the address state, only while active', async () => {
    const ipam = new IpamRegistry({ ranges: ['10.128.0.0/14'], vpcPrefixLength: 16 });
    const restored = ipam.restore([{ name: 'ws-a', cidr: '10.128.0.0/16', prefixLength: 24 }], [
      { name: 'p1', workspace: 'ws-a', cidr: '10.128.0.0/24' },
      { name: 'p2', workspace: 'ws-a', cidr: '10.128.1.0/24' },
    ]);
    expect(restored).toEqual([]);
    let active = false;
    const registry = new Registry();
    const wsns = [{ metadata: { name: 'ws-a' }, spec: {}, status: { cidr: '10.128.0.0/16' } }, { metadata: { name: 'ws-new' }, spec: {} }];
    registerIpamUtilisation({ registry, ipam, workspaces: () => workspaceRangesOf(wsns, 24), active: () => active });
    expect(await registry.metrics()).not.toContain('tenant_network_ipam_subnets{');
    active = true;
    const text = await registry.metrics();
    expect(text).toContain('tenant_network_ipam_vpc_ranges{state="used"} 1');
    expect(text).toContain('tenant_network_ipam_vpc_ranges{state="free"} 3');
    expect(text).toContain('tenant_network_ipam_vpc_allocations 1');
    expect(text).toContain('tenant_network_ipam_subnets{workspace="ws-a",state="used"} 2');
    expect(text).toContain('tenant_network_ipam_subnets{workspace="ws-a",state="free"} 254');
    expect(text).not.toContain('ws-new');
  });
});

describe('vpcRangeCounts', () => {
  it('counts whole ranges in shared mode', () => {
    expect(vpcRangeCounts({ mode: 'shared', allocations: 3, ranges: [{ cidr: 'a', allocations: 2 }, { cidr: 'b', allocations: 0 }, { cidr: 'c', allocations: 1 }] })).toEqual({ used: 2, free: 1 });
  });
});
