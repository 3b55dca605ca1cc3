import { afterEach, describe, expect, it } from '@jest/globals';
import { QingCloudApi } from '../../../src/providers/qingcloud/api.js';
import type { QingCloudSimulator, SimulatorOptions } from '../../qingcloud-sim/server.js';
import { answered, apiFor, clientFor, startFastSimulator } from './helpers.js';

const running: QingCloudSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function simulator(options: SimulatorOptions = {}): Promise<QingCloudSimulator> {
  const sim = await startFastSimulator(options);
  running.push(sim);
  return sim;
}

describe('QingCloudApi against the simulator', () => {
  it('pages through more than 100 items and names at most 100 ids per call', async () => {
    const sim = await simulator({ quotas: { vxnet: 1000 } });
    const api = apiFor(sim);
    const ids = [...(await api.createVxnets('bulk', 100)), ...(await api.createVxnets('bulk', 100)), ...(await api.createVxnets('bulk', 50))];
    expect(new Set(ids).size).toBe(250);
    sim.resetCalls();
    const all = await api.describeVxnets();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((v) => v.vxnet_id))).toEqual(new Set(ids));
    expect(sim.callCounts().DescribeVxnets).toBe(3);
    sim.resetCalls();
    const some = await api.describeVxnets({ ids: ids.slice(0, 150) });
    expect(some).toHaveLength(150);
    expect(sim.calls().map((c) => Object.keys(c.params).filter((k) => k.startsWith('vxnets.')).length)).toEqual([100, 50]);
  });

  it('waits for many jobs with far fewer DescribeJobs calls than jobs', async () => {
    const sim = await simulator({ quotas: { router: 50 } });
    const api = apiFor(sim);
    const jobs = await Promise.all(Array.from({ length: 20 }, (_, i) => api.createRouter({ name: `ws-${i}`, vpcNetwork: '192.168.0.0/16' })));
    sim.resetCalls();
    await Promise.all(jobs.map((j) => api.waitJob(j.jobId)));
    const describeCalls = sim.callCounts().DescribeJobs ?? 0;
    expect(describeCalls).toBeGreaterThanOrEqual(1);
    expect(describeCalls).toBeLessThanOrEqual(6);
    const jobsPerCall = sim.calls().map((c) => Object.keys(c.params).filter((k) => k.startsWith('jobs.')).length);
    expect(jobsPerCall[0]).toBe(20);
    expect(sim.state().routers.every((r) => r.status === 'active')).toBe(true);
  });

  it('serialises mutations per router: concurrent joins on one router never meet "is [updating]"', async () => {
    const sim = await simulator();
    const api = apiFor(sim);
    const { routerId, jobId } = await api.createRouter({ name: 'serial', vpcNetwork: '192.168.0.0/16' });
    await api.waitJob(jobId);
    const vxnets = await api.createVxnets('ns', 6);
    sim.resetCalls();
    await Promise.all(vxnets.map((vxnet, i) => api.joinRouter({ router: routerId, vxnet, ipNetwork: `192.168.${i + 1}.0/24` })));
    expect(answered(sim, 1400)).toBe(0);
    expect(sim.callCounts().JoinRouter).toBe(6);
    expect((await api.describeRouterVxnets(routerId)).map((r) => r.ip_network).sort()).toEqual(
      vxnets.map((_, i) => `192.168.${i + 1}.0/24`).sort(),
    );
  });

  it('(control) the same joins sent without the per-router queue do collide', async () => {
    const sim = await simulator();
    const api = apiFor(sim);
    const { routerId, jobId } = await api.createRouter({ name: 'race', vpcNetwork: '192.168.0.0/16' });
    await api.waitJob(jobId);
    const vxnets = await api.createVxnets('ns', 4);
    const raw = clientFor(sim, { maxAttempts: 1 });
    const results = await Promise.allSettled(
      vxnets.map((vxnet, i) => raw.call('JoinRouter', { router: routerId, vxnet, ip_network: `192.168.${i + 1}.0/24` })),
    );
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
    expect(answered(sim, 1400, 'JoinRouter')).toBeGreaterThan(0);
  });

  it('runs the documented teardown order and retries through the lease window', async () => {
    const sim = await simulator({ timings: { leaseWindowMs: 400 } });
    const api = new QingCloudApi(clientFor(sim, { backoff: { baseDelayMs: 20, maxDelayMs: 40 }, maxAttempts: 60 }), { jobs: { intervalMs: 10 } });
    const { routerId, jobId } = await api.createRouter({ name: 'teardown', vpcNetwork: '172.16.0.0/16' });
    await api.waitJob(jobId);
    const [vxnet] = await api.createVxnets('ns');
    if (vxnet === undefined) throw new Error('vxnet expected');
    await api.joinRouter({ router: routerId, vxnet, ipNetwork: '172.16.1.0/24' });
    await api.leaveRouter(routerId, [vxnet]);
    expect(await api.deleteVxnets([vxnet])).toEqual([vxnet]);
    await api.deleteRouters([routerId]);
    expect(answered(sim, 1400, 'DeleteRouters')).toBeGreaterThanOrEqual(1); // lease info not ready, retried
    expect(answered(sim, 0, 'DeleteRouters')).toBe(1);
    const [router] = await api.describeRouters({ ids: [routerId] });
    expect(router?.status).toBe('deleted');
    expect(sim.state().vxnets).toEqual([]);
  });

  it('a failed job rejects with a terminal JobFailed error', async () => {
    const sim = await simulator();
    const api = apiFor(sim);
    sim.setFaults([{ action: 'CreateRouters', failJob: true, count: 1 }]);
    const { jobId } = await api.createRouter({ name: 'doomed', vpcNetwork: '192.168.0.0/16' });
    await expect(api.waitJob(jobId)).rejects.toMatchObject({ code: 'JobFailed', retryable: false });
  });

  it('reports every HTTP attempt to onCall with its outcome', async () => {
    const sim = await simulator();
    const seen: string[] = [];
    const api = apiFor(sim, { onCall: (action, outcome) => seen.push(`${action}/${outcome}`) });
    sim.setFaults([{ action: 'DescribeTags', retCode: 5100, count: 1 }]);
    await api.describeTags();
    await api.getQuotaLeft(['router']);
    expect(seen).toEqual(['DescribeTags/ServerBusy', 'DescribeTags/ok', 'GetQuotaLeft/ok']);
  });
});
