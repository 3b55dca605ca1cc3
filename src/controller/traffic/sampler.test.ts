import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { KubeClient } from '../../kube/kube-client.js';
import type { SubnetRef, TrafficSample } from '../../providers/contract.js';
import { silentLogger } from '../../util/logger.js';
import { createTrafficSampler, trafficStatus } from './sampler.js';
import type { TrafficSource } from '../../metrics/traffic-source.js';

const MINUTE = 60_000;

function fixture(rates: Record<string, [number, number]>) {
  let clock = Date.UTC(2030, 0, 1);
  const writes: { name: string; body: unknown }[] = [];
  type Entry = { metadata: { name: string; uid: string }; spec: { workspace: string }; status: { subnetId: string; vpcId: string; traffic?: ReturnType<typeof trafficStatus> } };
  const projects = Object.keys(rates).map((name, i): Entry => ({
    metadata: { name, uid: `uid-${name}` },
    spec: { workspace: i === 0 ? 'ws-a' : 'ws-b' },
    status: { subnetId: `sub-${name}`, vpcId: 'vpc' },
  }));
  const asked: SubnetRef[][] = [];
  const source: TrafficSource = {
    name: 'fake',
    sample: (subnets) => {
      asked.push([...subnets]);
      return Promise.resolve(subnets.map((subnet): TrafficSample => ({ subnet, timestampMs: clock, ingressBytesPerSecond: rates[subnet.project]?.[0] ?? 0, egressBytesPerSecond: rates[subnet.project]?.[1] ?? 0 })));
    },
  };
  const client = { mergePatch: (_type: unknown, name: string, body: unknown) => { writes.push({ name, body }); return Promise.resolve({}); } } as unknown as KubeClient;
  const registry = new Registry();
  const sampler = createTrafficSampler({ source, caches: { projectNetworks: { list: () => projects } }, client, registry, log: silentLogger(), periodMs: 5 * MINUTE, now: () => new Date(clock) });
  return { sampler, registry, writes, asked, projects, advance: (ms: number) => { clock += ms; } };
}

describe('createTrafficSampler', () => {
  it('publishes per-project and per-workspace series and writes status.traffic', async () => {
    const f = fixture({ p1: [100, 50.4], p2: [10, 0], p3: [1, 2] });
    const report = await f.sampler.sampleOnce(new AbortController().signal);
    expect(report).toEqual({ projects: 3, samples: 3, statusWrites: 3 });
    expect(f.asked[0]?.map((r) => [r.project, r.id, r.vpcId])).toEqual([['p1', 'sub-p1', 'vpc'], ['p2', 'sub-p2', 'vpc'], ['p3', 'sub-p3', 'vpc']]);
    const text = await f.registry.metrics();
    expect(text).toContain('tenant_network_project_traffic_bytes_per_second{workspace="ws-a",project="p1",direction="egress"} 50.4');
    expect(text).toContain('tenant_network_workspace_traffic_bytes_per_second{workspace="ws-b",direction="ingress"} 11');
    expect(f.writes[0]).toEqual({ name: 'p1', body: { status: { traffic: { ingressBytesPerSecond: 100, egressBytesPerSecond: 50, sampledAt: '2030-01-01T00:00:00Z' } } } });
  });

  it('writes each project at most once per period, and not when the cached status already says it', async () => {
    const f = fixture({ p1: [100, 50] });
    const signal = new AbortController().signal;
    await f.sampler.sampleOnce(signal);
    f.advance(2 * MINUTE);
    expect((await f.sampler.sampleOnce(signal)).statusWrites).toBe(0);
    f.advance(3 * MINUTE);
    expect((await f.sampler.sampleOnce(signal)).statusWrites).toBe(1);
    // The cached status already holds exactly this round's figures: nothing to write.
    f.advance(5 * MINUTE);
    const project = f.projects[0];
    if (project === undefined) throw new Error('fixture');
    project.status.traffic = trafficStatus({ subnet: { workspace: 'ws-a', project: 'p1', projectUid: 'uid-p1' }, timestampMs: Date.UTC(2030, 0, 1, 0, 10), ingressBytesPerSecond: 100, egressBytesPerSecond: 50 });
    expect((await f.sampler.sampleOnce(signal)).statusWrites).toBe(0);
    expect(f.writes.length).toBe(2);
  });

  it('drops the series of a project that is no longer sampled', async () => {
    const f = fixture({ p1: [1, 1], p2: [2, 2] });
    await f.sampler.sampleOnce(new AbortController().signal);
    f.projects.pop();
    await f.sampler.sampleOnce(new AbortController().signal);
    expect(await f.registry.metrics()).not.toContain('project="p2"');
  });
});

describe('trafficStatus', () => {
  it('rounds to whole non-negative bytes and second-precision time', () => {
    expect(trafficStatus({ subnet: { workspace: 'w', project: 'p', projectUid: 'u' }, timestampMs: Date.UTC(2030, 0, 1, 0, 0, 1, 999), ingressBytesPerSecond: 1.5, egressBytesPerSecond: -3 })).toEqual({
      ingressBytesPerSecond: 2,
      egressBytesPerSecond: 0,
      sampledAt: '2030-01-01T00:00:01Z',
    });
  });
});
