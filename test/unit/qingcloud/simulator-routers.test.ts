import { afterEach, describe, expect, it } from '@jest/globals';
import type { QingCloudClient } from '../../../src/providers/qingcloud/client.js';
import { QingCloudApiError } from '../../../src/providers/qingcloud/errors.js';
import { ManualClock } from '../../qingcloud-sim/clock.js';
import type { QingCloudSimulator, SimulatorOptions } from '../../qingcloud-sim/server.js';
import { clientFor, startFastSimulator } from './helpers.js';

const running: QingCloudSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A simulator on a manual clock and a client that never retries, to see raw answers. */
async function setup(options: SimulatorOptions = {}): Promise<{ sim: QingCloudSimulator; clock: ManualClock; client: QingCloudClient }> {
  const clock = new ManualClock();
  const sim = await startFastSimulator({
    clock,
    timings: { jobPendingMs: 1000, jobWorkingMs: { CreateRouters: 4000, DeleteRouters: 2000, JoinRouter: 2000, LeaveRouter: 2000 }, leaseWindowMs: 10_000, ceaseAfterMs: 30_000, forgetAfterMs: 60_000 },
    ...options,
  });
  running.push(sim);
  return { sim, clock, client: clientFor(sim, { now: () => clock.now(), maxAttempts: 1 }) };
}

async function retCodeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return 0;
  } catch (err) {
    if (err instanceof QingCloudApiError) return err.retCode;
    throw err;
  }
}

async function errorOf(promise: Promise<unknown>): Promise<QingCloudApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof QingCloudApiError) return err;
    throw err;
  }
  throw new Error('expected failure');
}

async function createActiveRouter(sim: QingCloudSimulator, clock: ManualClock, client: QingCloudClient, vpc = '192.168.0.0/16'): Promise<string> {
  const body = await client.call<{ routers: string[] }>('CreateRouters', { router_name: 'r', vpc_network: vpc });
  clock.advance(15_000); // job done and lease window over
  const id = body.routers[0] ?? '';
  expect(sim.state().routers.find((r) => r.id === id)?.status).toBe('active');
  return id;
}

async function createVxnet(client: QingCloudClient, type = 1): Promise<string> {
  const body = await client.call<{ vxnets: string[] }>('CreateVxnets', { vxnet_type: type, vxnet_name: 'v' });
  return body.vxnets[0] ?? '';
}

describe('simulated routers and jobs', () => {
  it('runs a job pending → working → successful and shows the transition on the router', async () => {
    const { clock, client } = await setup();
    const created = await client.call<{ routers: string[]; job_id: string }>('CreateRouters', { router_name: 'ws', vpc_network: '172.20.0.0/16' });
    expect(created.routers[0]).toMatch(/^rtr-[a-z0-9]{8}$/);
    expect(created.job_id).toMatch(/^j-[a-z0-9]{8}$/);
    const status = async (): Promise<[string, string, string]> => {
      const jobs = await client.call<{ job_set: { status: string }[] }>('DescribeJobs', { jobs: [created.job_id] });
      const routers = await client.call<{ router_set: { status: string; transition_status: string }[] }>('DescribeRouters', { routers: created.routers });
      return [jobs.job_set[0]?.status ?? '', routers.router_set[0]?.status ?? '', routers.router_set[0]?.transition_status ?? ''];
    };
    expect(await status()).toEqual(['pending', 'pending', 'creating']);
    clock.advance(1000);
    expect(await status()).toEqual(['working', 'pending', 'creating']);
    clock.advance(4000);
    expect(await status()).toEqual(['successful', 'active', '']);
  });

  it('validates vpc_network, router_type and the router quota', async () => {
    const { client } = await setup({ quotas: { router: 2 } });
    expect(await retCodeOf(client.call('CreateRouters', { vpc_network: '10.0.0.0/16' }))).toBe(1100);
    expect(await retCodeOf(client.call('CreateRouters', { vpc_network: '172.32.0.0/16' }))).toBe(1100);
    expect(await retCodeOf(client.call('CreateRouters', { vpc_network: '192.168.0.0/24' }))).toBe(1100);
    expect(await retCodeOf(client.call('CreateRouters', {}))).toBe(1100);
    expect(await retCodeOf(client.call('CreateRouters', { vpc_network: '172.31.0.0/16', router_type: 4 }))).toBe(1100);
    expect(await retCodeOf(client.call('CreateRouters', { vpc_network: '172.31.0.0/16', count: 2 }))).toBe(0);
    const quota = await errorOf(client.call('CreateRouters', { vpc_network: '172.16.0.0/16' }));
    expect(quota).toMatchObject({ retCode: 2500, code: 'QuotaExceeded', retryable: false });
    const left = await client.call<{ quota_left_set: { resource_type: string; left: number }[] }>('GetQuotaLeft', { resource_types: ['router', 'vxnet'] });
    expect(left.quota_left_set).toEqual([
      { resource_type: 'router', left: 0 },
      { resource_type: 'vxnet', left: 200 },
    ]);
  });

  it('refuses mutations while the router is in transition, then accepts them', async () => {
    const { clock, client } = await setup();
    const { routers } = await client.call<{ routers: string[] }>('CreateRouters', { vpc_network: '192.168.0.0/16' });
    const router = routers[0] ?? '';
    const [a, b] = [await createVxnet(client), await createVxnet(client)];
    const creating = await errorOf(client.call('JoinRouter', { router, vxnet: a, ip_network: '192.168.1.0/24' }));
    expect(creating).toMatchObject({ retCode: 1400, code: 'ResourceBusy', retryable: true });
    expect(creating.message).toContain('is [creating], please try later');
    clock.advance(5000);
    expect(await retCodeOf(client.call('JoinRouter', { router, vxnet: a, ip_network: '192.168.1.0/24' }))).toBe(0);
    const updating = await errorOf(client.call('JoinRouter', { router, vxnet: b, ip_network: '192.168.2.0/24' }));
    expect(updating.message).toContain('is [updating], please try later');
    clock.advance(3000);
    expect(await retCodeOf(client.call('JoinRouter', { router, vxnet: b, ip_network: '192.168.2.0/24' }))).toBe(0);
  });

  it('refuses delete inside the lease window with "lease info not ready", and with 5400 while vxnets are joined', async () => {
    const { sim, clock, client } = await setup();
    const { routers } = await client.call<{ routers: string[] }>('CreateRouters', { vpc_network: '192.168.0.0/16' });
    const router = routers[0] ?? '';
    clock.advance(6000); // job done, lease window (10 s) still open
    const lease = await errorOf(client.call('DeleteRouters', { routers: [router] }));
    expect(lease).toMatchObject({ retCode: 1400, code: 'LeaseNotReady', retryable: true });
    clock.advance(5000);
    const vxnet = await createVxnet(client);
    await client.call('JoinRouter', { router, vxnet, ip_network: '192.168.7.0/24' });
    clock.advance(3000);
    expect(await errorOf(client.call('DeleteRouters', { routers: [router] }))).toMatchObject({ retCode: 5400, code: 'DependencyExists' });
    const joined = await errorOf(client.call('DeleteVxnets', { vxnets: [vxnet] }));
    expect(joined).toMatchObject({ retCode: 1400, code: 'PermissionDenied', retryable: false });
    await client.call('LeaveRouter', { router, vxnets: [vxnet] });
    clock.advance(3000);
    expect(sim.state().vxnets.find((v) => v.id === vxnet)?.routerId).toBeUndefined();
    expect(await retCodeOf(client.call('DeleteVxnets', { vxnets: [vxnet] }))).toBe(0);
    expect(await retCodeOf(client.call('DeleteRouters', { routers: [router] }))).toBe(0);
    clock.advance(3000);
    const listed = async (): Promise<string[]> =>
      (await client.call<{ router_set: { status: string }[] }>('DescribeRouters', { routers: [router] })).router_set.map((r) => r.status);
    expect(await listed()).toEqual(['deleted']);
    clock.advance(30_000);
    expect(await listed()).toEqual(['ceased']);
    clock.advance(30_000);
    expect(await listed()).toEqual([]);
    expect(await retCodeOf(client.call('DeleteRouters', { routers: [router] }))).toBe(2100);
  });

  it('enforces the address rules of JoinRouter and fills DHCP defaults', async () => {
    const { sim, clock, client } = await setup();
    const router = await createActiveRouter(sim, clock, client, '172.18.0.0/16');
    const other = await createActiveRouter(sim, clock, client, '172.18.0.0/16');
    const [v1, v2, v3] = [await createVxnet(client), await createVxnet(client), await createVxnet(client)];
    const selfManaged = await createVxnet(client, 0);
    const join = (vxnet: string, ipNetwork: string, r = router): Promise<number | undefined> =>
      retCodeOf(client.call('JoinRouter', { router: r, vxnet, ip_network: ipNetwork }));
    expect(await join(v1, '172.18.3.0/25')).toBe(1100); // only /24
    expect(await join(v1, '172.18.3.5/24')).toBe(1100); // host bits set
    expect(await join(v1, '192.168.3.0/24')).toBe(1100); // outside the VPC
    expect(await join(v1, 'not-a-cidr')).toBe(1100);
    expect(await join(selfManaged, '172.18.3.0/24')).toBe(1400); // not a managed vxnet
    expect(await retCodeOf(client.call('JoinRouter', { router, vxnet: v1, ip_network: '172.18.3.0/24', features: 2 }))).toBe(1100);
    expect(await join(v1, '172.18.3.0/24')).toBe(0);
    clock.advance(3000);
    expect(await join(v2, '172.18.3.0/24')).toBe(1400); // overlaps v1 on this router
    expect(await join(v1, '172.18.4.0/24', other)).toBe(1400); // already joined elsewhere
    expect(await join(v2, '172.18.3.0/24', other)).toBe(0); // the same range on another router is fine
    expect(await join(v3, '172.18.9.0/24', 'rtr-missing')).toBe(2100);
    clock.advance(3000);
    const rows = await client.call<{ router_vxnet_set: Record<string, unknown>[]; total_count: number }>('DescribeRouterVxnets', { router });
    expect(rows.total_count).toBe(1);
    expect(rows.router_vxnet_set[0]).toMatchObject({
      vxnet_id: v1,
      ip_network: '172.18.3.0/24',
      manager_ip: '172.18.3.1',
      dyn_ip_start: '172.18.3.2',
      dyn_ip_end: '172.18.3.254',
      features: 1,
    });
    const vx = await client.call<{ vxnet_set: { vpc_router_id: string; router: { ip_network: string } | null }[] }>('DescribeVxnets', { vxnets: [v1, v3] });
    expect(vx.vxnet_set.map((v) => [v.vpc_router_id, v.router?.ip_network ?? null])).toEqual([
      ['', null],
      [router, '172.18.3.0/24'],
    ]);
  });

  it('a job that fails leaves nothing joined', async () => {
    const { sim, clock, client } = await setup();
    const router = await createActiveRouter(sim, clock, client);
    const vxnet = await createVxnet(client);
    sim.setFaults([{ action: 'JoinRouter', failJob: true, count: 1 }]);
    const { job_id: jobId } = await client.call<{ job_id: string }>('JoinRouter', { router, vxnet, ip_network: '192.168.5.0/24' });
    clock.advance(3000);
    const jobs = await client.call<{ job_set: { status: string }[] }>('DescribeJobs', { jobs: [jobId] });
    expect(jobs.job_set[0]?.status).toBe('failed');
    expect(sim.state().vxnets.find((v) => v.id === vxnet)?.routerId).toBeUndefined();
    expect(await retCodeOf(client.call('JoinRouter', { router, vxnet, ip_network: '192.168.5.0/24' }))).toBe(0);
  });

  it('pages Describe* with default 20, cap 100 and total_count', async () => {
    const { client } = await setup({ quotas: { vxnet: 500 } });
    await client.call('CreateVxnets', { vxnet_type: 1, count: 100 });
    await client.call('CreateVxnets', { vxnet_type: 1, count: 30 });
    const page = async (params: Record<string, number>): Promise<[number, number]> => {
      const body = await client.call<{ vxnet_set: unknown[]; total_count: number }>('DescribeVxnets', params);
      return [body.vxnet_set.length, body.total_count];
    };
    expect(await page({})).toEqual([20, 130]);
    expect(await page({ limit: 500 })).toEqual([100, 130]);
    expect(await page({ limit: 100, offset: 100 })).toEqual([30, 130]);
    expect(await page({ offset: 200 })).toEqual([0, 130]);
    expect(await retCodeOf(client.call('CreateVxnets', {}))).toBe(1100); // vxnet_type is required
  });

  it('counts against an API-call quota', async () => {
    const { sim, client } = await setup({ apiCallQuota: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) expect(await retCodeOf(client.call('DescribeRouters'))).toBe(0);
    const err = await errorOf(client.call('DescribeRouters'));
    expect(err).toMatchObject({ retCode: 2500, code: 'ApiCallQuotaExceeded' });
    expect(sim.callCounts()).toEqual({ DescribeRouters: 4 });
  });

  it('is deterministic for a given seed', async () => {
    const ids = async (): Promise<string[]> => {
      const { client } = await setup({ seed: 7 });
      const r = await client.call<{ routers: string[] }>('CreateRouters', { vpc_network: '192.168.0.0/16' });
      const v = await client.call<{ vxnets: string[] }>('CreateVxnets', { vxnet_type: 1, count: 3 });
      return [...r.routers, ...v.vxnets];
    };
    const first = await ids();
    expect(first).toHaveLength(4);
    expect(await ids()).toEqual(first);
  });
});
