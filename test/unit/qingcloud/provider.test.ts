import { afterEach, describe, expect, it } from '@jest/globals';
import type { SubnetSpec, SubnetState, VpcSpec } from '../../../src/providers/contract.js';
import { QingCloudApi } from '../../../src/providers/qingcloud/api.js';
import { QingCloudProvider } from '../../../src/providers/qingcloud/provider.js';
import { isControllerError } from '../../../src/util/errors.js';
import type { QingCloudSimulator, SimulatorOptions } from '../../qingcloud-sim/server.js';
import { FAST_TIMINGS, answered, clientFor, startFastSimulator } from './helpers.js';

const running: QingCloudSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function setup(options: SimulatorOptions = {}, maxAttempts = 6): Promise<{ sim: QingCloudSimulator; provider: QingCloudProvider; api: QingCloudApi }> {
  const sim = await startFastSimulator(options);
  running.push(sim);
  const api = new QingCloudApi(clientFor(sim, { maxAttempts }), { jobs: { intervalMs: 10 } });
  return { sim, provider: new QingCloudProvider(api), api };
}

const signal = (): AbortSignal => new AbortController().signal;
const uid = (n: number): string => `0000000${n}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`;
const vpcSpec = (ws: number, cidr = '172.16.0.0/16'): VpcSpec => ({ workspace: `ws${ws}`, workspaceUid: uid(ws), cidr });
const subnetSpec = (ws: number, project: number, vpcId: string, vpcCidr = '172.16.0.0/16'): SubnetSpec => {
  const third = vpcCidr.split('.').slice(0, 2).join('.');
  return {
    workspace: `ws${ws}`,
    project: `p${ws}-${project}`,
    projectUid: uid(ws * 100 + project),
    cidr: `${third}.${project}.0/24`,
    gateway: `${third}.${project}.1`,
    vpc: { workspace: `ws${ws}`, workspaceUid: uid(ws), id: vpcId, cidr: vpcCidr },
  };
};

/** Repeats a call on retryable errors, as the controller's work queue would. */
async function converge<T>(fn: () => Promise<T>, tries = 40): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await fn();
    } catch (err) {
      if (!isControllerError(err) || !err.retryable || i >= tries) throw err;
    }
  }
}

/** Calls ensureSubnet until it reports ready, as the controller's requeue of a not-ready subnet would. */
async function untilReady(provider: QingCloudProvider, spec: SubnetSpec, tries = 500): Promise<SubnetState> {
  for (let i = 1; ; i += 1) {
    const state = await provider.ensureSubnet(spec, signal());
    if (state.ready || i >= tries) return state;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('QingCloudProvider', () => {
  it('creates a tagged router once and adopts it afterwards', async () => {
    const { sim, provider } = await setup();
    const state = await provider.ensureVpc(vpcSpec(1), signal());
    expect(state).toMatchObject({ cidr: '172.16.0.0/16', ready: true });
    const again = await provider.ensureVpc(vpcSpec(1), signal());
    const known = await provider.ensureVpc({ ...vpcSpec(1), knownId: state.id }, signal());
    expect(again.id).toBe(state.id);
    expect(known.id).toBe(state.id);
    const snapshot = sim.state();
    expect(snapshot.routers).toHaveLength(1);
    expect(snapshot.routers[0]).toMatchObject({ name: 'ks-ws.ws1.00000001aaaa', status: 'active' });
    expect(snapshot.routers[0]?.tagIds).toEqual([snapshot.tags[0]?.id]);
    expect(sim.callCounts().CreateRouters).toBe(1);
    expect(sim.callCounts().CreateTag).toBe(1);
  });

  it('rejects VPC ranges QingCloud does not accept, and a change of range', async () => {
    const { provider } = await setup();
    await expect(provider.ensureVpc(vpcSpec(1, '10.0.0.0/16'), signal())).rejects.toMatchObject({ code: 'VpcRangeNotAllowed', retryable: false });
    const recorded = await provider.ensureVpc(vpcSpec(1, '172.16.0.0/16'), signal());
    await expect(provider.ensureVpc({ ...vpcSpec(1, '172.17.0.0/16'), knownId: recorded.id }, signal())).rejects.toMatchObject({
      code: 'VpcRangeImmutable',
      retryable: false,
    });
  });

  it('replaces an empty router an earlier run made with another range but never recorded', async () => {
    const { sim, provider, api } = await setup();
    const stale = await provider.ensureVpc(vpcSpec(1, '172.16.0.0/16'), signal());
    // A restarted controller picked another range for the workspace and knows no router id.
    const restarted = new QingCloudProvider(api);
    const state = await restarted.ensureVpc(vpcSpec(1, '172.17.0.0/16'), signal());
    expect(state).toMatchObject({ cidr: '172.17.0.0/16', ready: true });
    expect(state.id).not.toBe(stale.id);
    const routers = sim.state().routers;
    expect(routers.filter((r) => r.status === 'active').map((r) => [r.id, r.vpcNetwork])).toEqual([[state.id, '172.17.0.0/16']]);
    // Deleted by one call; the fast simulator may already have moved it on to ceased or purged it.
    expect(sim.calls().filter((c) => c.action === 'DeleteRouters' && c.retCode === 0)).toHaveLength(1);
    expect(routers.filter((r) => r.id === stale.id && !['deleted', 'ceased'].includes(r.status))).toEqual([]);
  });

  it('never replaces an unrecorded router that has a vxnet joined, nor one with a join in flight', async () => {
    const { sim, provider, api } = await setup();
    const stale = await provider.ensureVpc(vpcSpec(1, '172.16.0.0/16'), signal());
    await untilReady(provider, subnetSpec(1, 1, stale.id));
    const restarted = new QingCloudProvider(api);
    await expect(restarted.ensureVpc(vpcSpec(1, '172.17.0.0/16'), signal())).rejects.toMatchObject({ code: 'VpcRangeImmutable', retryable: false });
    const [other] = await api.createVxnets('someone-elses-net');
    // Held in flight for sure while the next provider looks at the router.
    sim.setFaults([{ action: 'JoinRouter', latencyMs: 1500 }]);
    const joining = api.joinRouter({ router: stale.id, vxnet: other ?? '', ipNetwork: '172.16.9.0/24' });
    await expect(new QingCloudProvider(api).ensureVpc(vpcSpec(1, '172.17.0.0/16'), signal())).rejects.toMatchObject({ retryable: true });
    await joining;
    expect(sim.calls().filter((c) => c.action === 'DeleteRouters')).toEqual([]);
    expect(sim.state().routers.map((r) => [r.id, r.status])).toEqual([[stale.id, 'active']]);
  });

  it('moves a vxnet an earlier run joined with another range but never recorded; a recorded one is a conflict', async () => {
    const { sim, provider, api } = await setup();
    const vpc = await provider.ensureVpc(vpcSpec(1), signal());
    const old = await untilReady(provider, subnetSpec(1, 1, vpc.id));
    const restarted = new QingCloudProvider(api);
    const moved = { ...subnetSpec(1, 1, vpc.id), cidr: '172.16.5.0/24', gateway: '172.16.5.1' };
    await expect(restarted.ensureSubnet({ ...moved, knownId: old.id }, signal())).rejects.toMatchObject({ code: 'SubnetConflict', retryable: false });
    expect(await untilReady(restarted, moved)).toMatchObject({ id: old.id, cidr: '172.16.5.0/24', ready: true });
    expect(sim.state().vxnets.map((v) => [v.id, v.routerId, v.ipNetwork])).toEqual([[old.id, vpc.id, '172.16.5.0/24']]);
  });

  it('a join refused because our own vxnet still holds the range is retried; a foreign holder is terminal', async () => {
    const { provider, api } = await setup();
    const vpc = await provider.ensureVpc(vpcSpec(1), signal());
    await untilReady(provider, subnetSpec(1, 1, vpc.id));
    const sameRange = { ...subnetSpec(1, 2, vpc.id), cidr: '172.16.1.0/24', gateway: '172.16.1.1' };
    await expect(provider.ensureSubnet(sameRange, signal())).rejects.toMatchObject({ code: 'SubnetRangeBusy', retryable: true });
    const [foreign] = await api.createVxnets('someone-elses-net');
    await api.joinRouter({ router: vpc.id, vxnet: foreign ?? '', ipNetwork: '172.16.3.0/24' });
    await expect(provider.ensureSubnet(subnetSpec(1, 3, vpc.id), signal())).rejects.toMatchObject({ code: 'SubnetRangeTaken', retryable: false });
  });

  it('a quota error is terminal and reported with its reason', async () => {
    const { sim, provider } = await setup({ quotas: { router: 1 } });
    await provider.ensureVpc(vpcSpec(1), signal());
    sim.resetCalls();
    await expect(provider.ensureVpc(vpcSpec(2), signal())).rejects.toMatchObject({ code: 'QuotaExceeded', retryable: false });
    expect(sim.callCounts().CreateRouters).toBe(1); // not hammered
  });

  it('an auth failure is terminal after a single call', async () => {
    const { sim } = await setup();
    const api = new QingCloudApi(clientFor(sim, { credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: 'wrong' } }));
    await expect(new QingCloudProvider(api).ensureVpc(vpcSpec(1), signal())).rejects.toMatchObject({ code: 'AuthFailure', retryable: false });
    expect(sim.calls()).toHaveLength(1);
  });

  it('adopts a router whose CreateRouters answer was lost, creating no second one', async () => {
    const { sim, provider } = await setup();
    sim.setFaults([{ action: 'CreateRouters', drop: 'after', count: 1 }]);
    await expect(provider.ensureVpc(vpcSpec(1), signal())).rejects.toMatchObject({ retryable: true });
    expect(sim.state().routers).toHaveLength(1);
    expect(sim.state().routers[0]?.tagIds).toEqual([]); // the crash came before tagging
    const state = await converge(() => provider.ensureVpc(vpcSpec(1), signal()));
    const snapshot = sim.state();
    expect(snapshot.routers).toHaveLength(1);
    expect(snapshot.routers[0]?.id).toBe(state.id);
    expect(snapshot.routers[0]?.tagIds).toHaveLength(1);
  });

  it('a controller stopped mid-provision adopts on restart', async () => {
    const { sim, provider } = await setup();
    const controller = new AbortController();
    const outcome = provider.ensureVpc(vpcSpec(1), controller.signal);
    // Stop right after the create was accepted, before its job finished.
    for (let i = 0; i < 200 && sim.callCounts().CreateRouters === undefined; i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort(new Error('controller stopped'));
    await expect(outcome).rejects.toThrow();
    const fresh = new QingCloudProvider(new QingCloudApi(clientFor(sim), { jobs: { intervalMs: 10 } }));
    let state = await fresh.ensureVpc(vpcSpec(1), signal());
    for (let i = 0; i < 100 && !state.ready; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      state = await fresh.ensureVpc(vpcSpec(1), signal());
    }
    expect(state.ready).toBe(true);
    expect(sim.state().routers.map((r) => r.id)).toEqual([state.id]);
  });

  it('lets only the first join of a busy router wait; the others run on and are collected later without calls', async () => {
    const { sim, provider } = await setup({ timings: { jobWorkingMs: { ...FAST_TIMINGS.jobWorkingMs, JoinRouter: 150 } } });
    const vpc = await provider.ensureVpc(vpcSpec(1), signal());
    const specs = [1, 2, 3].map((p) => subnetSpec(1, p, vpc.id));
    const started = Date.now();
    const first = await Promise.all(specs.map((spec) => provider.ensureSubnet(spec, signal())));
    // The first in line waited for its join; the two queued behind it came back without waiting.
    expect(first.map((s) => s.ready)).toEqual([true, false, false]);
    expect(first[1]?.message).toMatch(/^vxnet vxnet-\w+ is being joined to router rtr-\w+$/);
    expect(Date.now() - started).toBeLessThan(3 * 150);
    // Asking again while they run costs no API call.
    sim.resetCalls();
    const second = specs[1];
    if (second === undefined) throw new Error('spec expected');
    expect(await provider.ensureSubnet(second, signal())).toMatchObject({ ready: false, id: first[1]?.id });
    expect(sim.calls().filter((c) => c.action !== 'DescribeJobs')).toEqual([]);
    // Deleting a subnet whose join still runs waits for it, then removes it cleanly.
    const third = specs[2];
    if (third === undefined) throw new Error('spec expected');
    await provider.deleteSubnet({ workspace: 'ws1', project: third.project, projectUid: third.projectUid, id: first[2]?.id ?? '' }, signal());
    expect(await untilReady(provider, second)).toMatchObject({ ready: true, id: first[1]?.id, cidr: second.cidr });
    expect(answered(sim, 1400)).toBe(0);
    const left = sim.state().vxnets;
    expect(left.map((v) => v.id).sort()).toEqual([first[0]?.id, first[1]?.id].sort());
    expect(left.every((v) => v.routerId === vpc.id)).toBe(true);
  });

  it('provisions 3 workspaces × 4 projects with the right ip_networks, then deletes everything', async () => {
    const { sim, provider, api } = await setup();
    const vpcs = await Promise.all([1, 2, 3].map((ws) => provider.ensureVpc(vpcSpec(ws), signal())));
    sim.resetCalls();
    const subnets = await Promise.all(
      vpcs.flatMap((vpc, i) => [1, 2, 3, 4].map((p) => untilReady(provider, subnetSpec(i + 1, p, vpc.id)))),
    );
    expect(subnets.every((s) => s.ready)).toBe(true);
    expect(answered(sim, 1400)).toBe(0);
    const snapshot = sim.state();
    expect(snapshot.routers).toHaveLength(3);
    expect(snapshot.vxnets).toHaveLength(12);
    for (const [i, vpc] of vpcs.entries()) {
      const mine = snapshot.vxnets.filter((v) => v.routerId === vpc.id).map((v) => v.ipNetwork).sort();
      expect(mine).toEqual(['172.16.1.0/24', '172.16.2.0/24', '172.16.3.0/24', '172.16.4.0/24']);
      expect(snapshot.vxnets.filter((v) => v.name.startsWith(`ks-ns.ws${i + 1}.`))).toHaveLength(4);
    }
    expect(snapshot.vxnets.every((v) => v.tagIds.length === 1)).toBe(true);
    // Happy path: per project one create and one join; the lookups before creating share one
    // search per workspace, and tag attaches and job polls are shared between concurrent projects
    // (how many polls a job needs depends on the job's length).
    const counts = sim.callCounts();
    expect(counts).toMatchObject({ DescribeVxnets: 3, CreateVxnets: 12, JoinRouter: 12 });
    expect(sim.calls().filter((c) => c.action === 'DescribeVxnets').map((c) => c.params.search_word).sort()).toEqual(['ks-ns.ws1.', 'ks-ns.ws2.', 'ks-ns.ws3.']);
    expect(counts.AttachTags ?? 0).toBeLessThanOrEqual(4);
    expect(sim.calls().filter((c) => c.action !== 'DescribeJobs').length / 12).toBeLessThanOrEqual(2.6);
    // Joins on one router run one after another, but the three routers' job polls share calls.
    const jobPolls = sim.calls().filter((c) => c.action === 'DescribeJobs');
    const jobsAsked = jobPolls.reduce((sum, c) => sum + Object.keys(c.params).filter((k) => k.startsWith('jobs.')).length, 0);
    expect(jobsAsked / jobPolls.length).toBeGreaterThanOrEqual(1.5);

    // Asked again soon after: what this provider just made counts as verified, no call at all …
    sim.resetCalls();
    const again = await provider.ensureSubnet({ ...subnetSpec(1, 1, vpcs[0]?.id ?? ''), knownId: subnets[0]?.id ?? '' }, signal());
    expect(again).toMatchObject({ ready: true, cidr: '172.16.1.0/24', gateway: '172.16.1.1', id: subnets[0]?.id });
    expect(sim.calls()).toEqual([]);
    // … while a provider that remembers nothing verifies the recorded id with one lookup.
    const forgetful = new QingCloudProvider(api, { verifiedTtlMs: 0 });
    const verified = await forgetful.ensureSubnet({ ...subnetSpec(1, 1, vpcs[0]?.id ?? ''), knownId: subnets[0]?.id ?? '' }, signal());
    expect(verified).toEqual(again);
    const lookups = sim.calls().filter((c) => c.action !== 'DescribeTags'); // a new provider finds its tag once
    expect(lookups.map((c) => [c.action, c.params['vxnets.1']])).toEqual([['DescribeVxnets', subnets[0]?.id]]);

    const firstVpc = vpcs[0];
    if (firstVpc === undefined) throw new Error('vpc expected');
    await expect(provider.deleteVpc({ workspace: 'ws1', workspaceUid: uid(1), id: firstVpc.id }, signal())).rejects.toMatchObject({
      code: 'VpcNotEmpty',
      retryable: true,
    });
    sim.resetCalls();
    await Promise.all(
      vpcs.flatMap((vpc, i) =>
        [1, 2, 3, 4].map((p) => {
          const spec = subnetSpec(i + 1, p, vpc.id);
          return provider.deleteSubnet({ workspace: spec.workspace, project: spec.project, projectUid: spec.projectUid, vpcId: vpc.id }, signal());
        }),
      ),
    );
    // Leaves of one router that wait for it share a call: at most two per router (the first may go alone), not four.
    const leaveCalls = sim.calls().filter((c) => c.action === 'LeaveRouter');
    const vxnetsPerCall = leaveCalls.map((c) => Object.keys(c.params).filter((k) => k.startsWith('vxnets.')).length);
    expect(vxnetsPerCall.reduce((a, b) => a + b, 0)).toBe(12);
    for (const vpc of vpcs) expect(leaveCalls.filter((c) => c.params.router === vpc.id).length).toBeLessThanOrEqual(2);
    await Promise.all(vpcs.map((vpc, i) => converge(() => provider.deleteVpc({ workspace: `ws${i + 1}`, workspaceUid: uid(i + 1), id: vpc.id }, signal()))));
    // Deleting again is a no-op.
    await provider.deleteVpc({ workspace: 'ws1', workspaceUid: uid(1) }, signal());
    await provider.deleteSubnet({ workspace: 'ws1', project: 'p1-1', projectUid: uid(101) }, signal());
    const after = sim.state();
    expect(after.vxnets).toEqual([]);
    expect(after.routers.every((r) => r.status === 'deleted' || r.status === 'ceased')).toBe(true);
    expect(await provider.listOwned(signal())).toEqual([]);
  });

  it('converges with 30% of calls failing retryably, without duplicates', async () => {
    const { sim, provider } = await setup({ seed: 99 });
    sim.setFaults([
      { retCode: 5100, probability: 0.15 },
      { retCode: 5000, probability: 0.12 },
      { drop: 'before', probability: 0.08 },
    ]);
    const vpcs = await Promise.all([1, 2, 3].map((ws) => converge(() => provider.ensureVpc(vpcSpec(ws), signal()))));
    await Promise.all(
      vpcs.flatMap((vpc, i) => [1, 2, 3, 4].map((p) => converge(() => untilReady(provider, subnetSpec(i + 1, p, vpc.id))))),
    );
    const failedCalls = sim.calls().filter((c) => c.retCode !== 0).length;
    expect(failedCalls / sim.calls().length).toBeGreaterThan(0.2);
    sim.setFaults([]);
    const snapshot = sim.state();
    expect(snapshot.routers).toHaveLength(3);
    expect(snapshot.vxnets).toHaveLength(12);
    expect(snapshot.vxnets.every((v) => v.routerId !== undefined)).toBe(true);
  });

  it('deletes cleanly when the answers to LeaveRouter and DeleteRouters are lost (the repeats hear "already done")', async () => {
    const { sim, provider } = await setup();
    const vpc = await provider.ensureVpc(vpcSpec(1), signal());
    const spec = subnetSpec(1, 1, vpc.id);
    const subnet = await untilReady(provider, spec);
    sim.setFaults([{ action: 'LeaveRouter', drop: 'after', count: 1 }, { action: 'DeleteRouters', drop: 'after', count: 1 }]);
    // Repeated on retryable errors as the controller would ("is [updating]" while the lost call's job runs).
    await converge(() => provider.deleteSubnet({ workspace: 'ws1', project: spec.project, projectUid: spec.projectUid, id: subnet.id, vpcId: vpc.id }, signal()));
    await converge(() => provider.deleteVpc({ workspace: 'ws1', workspaceUid: uid(1), id: vpc.id }, signal()));
    expect(sim.calls().filter((c) => c.retCode === 'dropped').map((c) => c.action)).toEqual(['LeaveRouter', 'DeleteRouters']);
    expect(answered(sim, 1400, 'LeaveRouter') + answered(sim, 1400, 'DeleteRouters')).toBeGreaterThanOrEqual(2);
    const state = sim.state();
    expect(state.vxnets).toEqual([]);
    expect(state.routers.map((r) => r.status)).toEqual(['deleted']);
  });

  it('samples traffic from the router meter of each subnet', async () => {
    const { sim, provider } = await setup();
    sim.world.monitorNoise = { naRate: 0, gapRate: 0 };
    const vpc = await provider.ensureVpc(vpcSpec(1), signal());
    const spec = subnetSpec(1, 1, vpc.id);
    const subnet = await provider.ensureSubnet(spec, signal());
    sim.setTraffic(subnet.id, { in: 1000, out: 250 });
    const vxnet = sim.world.vxnets.get(subnet.id);
    if (vxnet?.join === undefined) throw new Error('joined vxnet expected');
    vxnet.join = { ...vxnet.join, joinedAtMs: Date.now() - 3_600_000 };
    const ref = { workspace: spec.workspace, project: spec.project, projectUid: spec.projectUid, id: subnet.id, vpcId: vpc.id };
    const samples = await provider.sampleTraffic([ref], signal());
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ ingressBytesPerSecond: 250, egressBytesPerSecond: 1000 });
    expect(Date.now() - (samples[0]?.timestampMs ?? 0)).toBeLessThanOrEqual(5 * 60_000);
  });

  it('lists tagged resources and untagged ones with its names, not foreign ones', async () => {
    const { sim, provider } = await setup();
    const vpc = await provider.ensureVpc(vpcSpec(1), signal());
    const subnet = await provider.ensureSubnet(subnetSpec(1, 2, vpc.id), signal());
    const raw = clientFor(sim);
    await raw.call('CreateRouters', { router_name: 'someone-else', vpc_network: '192.168.0.0/16' });
    const orphan = await raw.call<{ vxnets: string[] }>('CreateVxnets', { vxnet_type: 1, vxnet_name: 'ks-ns.ws9.p9.0000000900aa' });
    const owned = await provider.listOwned(signal());
    expect(owned.map((o) => [o.kind, o.id, o.workspace, o.project]).sort()).toEqual(
      [
        ['vpc', vpc.id, 'ws1', undefined],
        ['subnet', subnet.id, 'ws1', 'p1-2'],
        ['subnet', orphan.vxnets[0], 'ws9', 'p9'],
      ].sort(),
    );
  });
});
