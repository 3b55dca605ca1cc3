import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { KubeClient } from '../../kube/kube-client.js';
import type { AddressUsageRequest } from '../../providers/contract.js';
import { silentLogger } from '../../util/logger.js';
import { createAddressSampler } from './sampler.js';

function fixture(used: Record<string, number>, recorded: Record<string, number | undefined> = {}) {
  const writes: { name: string; body: unknown }[] = [];
  const asked: AddressUsageRequest[][] = [];
  const projects = Object.keys(used).map((name, i) => ({
    metadata: { name, uid: `uid-${name}` },
    spec: { workspace: 'ws' },
    status: { cidr: `10.128.${i}.0/24`, subnetId: `tnc-${name}`, ...(recorded[name] === undefined ? {} : { usedAddresses: recorded[name] }) },
  }));
  const provider = {
    addressUsage: (subnets: readonly AddressUsageRequest[]) => {
      asked.push([...subnets]);
      return Promise.resolve(subnets.map((subnet) => ({ subnet, used: used[subnet.project] ?? 0 })));
    },
  };
  const client = { mergePatch: (_type: unknown, name: string, body: unknown) => { writes.push({ name, body }); return Promise.resolve({}); } } as unknown as KubeClient;
  const registry = new Registry();
  const sampler = createAddressSampler({ provider, caches: { projectNetworks: { list: () => [...projects, { metadata: { name: 'no-subnet-yet' }, spec: { workspace: 'ws' } }] } }, client, registry, log: silentLogger() });
  return { sampler, registry, writes, asked };
}

describe('createAddressSampler', () => {
  it('asks once for every project with a recorded subnet, publishes a gauge, and writes only changed figures', async () => {
    const f = fixture({ quiet: 0, same: 5, changed: 7 }, { same: 5, changed: 6 });
    expect(await f.sampler.sampleOnce(new AbortController().signal)).toEqual({ projects: 3, statusWrites: 1 });
    expect(f.asked).toHaveLength(1);
    expect(f.asked[0]?.map((r) => [r.project, r.cidr, r.id])).toEqual([['quiet', '10.128.0.0/24', 'tnc-quiet'], ['same', '10.128.1.0/24', 'tnc-same'], ['changed', '10.128.2.0/24', 'tnc-changed']]);
    expect(f.writes).toEqual([{ name: 'changed', body: { status: { usedAddresses: 7 } } }]);
    const text = await f.registry.metrics();
    expect(text).toContain('tenant_network_project_addresses_used{workspace="ws",project="same"} 5');
    expect(text).toContain('tenant_network_address_status_writes_total{outcome="written"} 1');
  });

  it('does nothing for a provider that cannot tell', async () => {
    const registry = new Registry();
    const sampler = createAddressSampler({ provider: {}, caches: { projectNetworks: { list: () => [] } }, client: {} as KubeClient, registry, log: silentLogger() });
    expect(await sampler.sampleOnce(new AbortController().signal)).toEqual({ projects: 0, statusWrites: 0 });
  });
});
