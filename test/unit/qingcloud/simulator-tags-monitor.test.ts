import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeMonitorSeries } from '../../../src/providers/qingcloud/monitor-decoder.js';
import type { QingCloudApi } from '../../../src/providers/qingcloud/api.js';
import { QingCloudApiError } from '../../../src/providers/qingcloud/errors.js';
import { compressSeries } from '../../qingcloud-sim/handlers/monitor.js';
import type { QingCloudSimulator } from '../../qingcloud-sim/server.js';
import { apiFor, startFastSimulator } from './helpers.js';

let sim: QingCloudSimulator;
let api: QingCloudApi;
beforeAll(async () => {
  sim = await startFastSimulator();
  api = apiFor(sim, { maxAttempts: 1 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.setFaults([]);
});

async function retCodeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return 0;
  } catch (err) {
    if (err instanceof QingCloudApiError) return err.retCode;
    throw err;
  }
}

describe('simulated tags', () => {
  it('keeps tag names unique (2110), attaches, filters by tags.N and detaches', async () => {
    const tagId = await api.createTag('ks-vpc-ctl');
    expect(tagId).toMatch(/^tag-[a-z0-9]{8}$/);
    expect(await retCodeOf(api.createTag('ks-vpc-ctl'))).toBe(2110);
    expect(await retCodeOf(api.createTag('a-name-longer-than-15'))).toBe(1100);
    const [tagged, untagged] = await api.createVxnets('ns', 2);
    if (tagged === undefined || untagged === undefined) throw new Error('two vxnets expected');
    await api.attachTags([{ tag_id: tagId, resource_type: 'vxnet', resource_id: tagged }]);
    await api.attachTags([{ tag_id: tagId, resource_type: 'vxnet', resource_id: tagged }]); // idempotent
    expect((await api.describeVxnets({ tagIds: [tagId] })).map((v) => v.vxnet_id)).toEqual([tagged]);
    const [tag] = await api.describeTags({ ids: [tagId], verbose: true });
    expect(tag).toMatchObject({ tag_name: 'ks-vpc-ctl', resource_count: 1 });
    expect(tag?.resource_tag_pairs).toEqual([{ tag_id: tagId, resource_type: 'vxnet', resource_id: tagged, status: 'active' }]);
    expect(await retCodeOf(api.attachTags([{ tag_id: tagId, resource_type: 'router', resource_id: 'rtr-nothere' }]))).toBe(2100);
    expect(await retCodeOf(api.attachTags([{ tag_id: 'tag-nothere', resource_type: 'vxnet', resource_id: untagged }]))).toBe(2100);
    await api.detachTags([{ tag_id: tagId, resource_type: 'vxnet', resource_id: tagged }]);
    expect(await api.describeVxnets({ tagIds: [tagId] })).toEqual([]);
    expect((await api.describeTags({ searchWord: 'vpc-c' })).map((t) => t.tag_id)).toEqual([tagId]);
  });
});

describe('simulated GetMonitor', () => {
  it('serves vxnet-0 and one compressed [in, out] series per joined vxnet', async () => {
    const routerStart = Date.now();
    const { routerId, jobId } = await api.createRouter({ name: 'mon', vpcNetwork: '192.168.0.0/16' });
    await api.waitJob(jobId);
    const [vxnet] = await api.createVxnets('mon');
    if (vxnet === undefined) throw new Error('vxnet expected');
    await api.joinRouter({ router: routerId, vxnet, ipNetwork: '192.168.10.0/24' });
    sim.setTraffic(vxnet, { in: 1234, out: 567 });
    sim.world.monitorNoise = { naRate: 0, gapRate: 0 };
    // Samples are aligned to the step and start when the meter exists, so ask for the past hour
    // after shifting the router's creation back.
    const router = sim.world.routers.get(routerId);
    const joined = sim.world.vxnets.get(vxnet);
    if (router === undefined || joined?.join === undefined) throw new Error('state expected');
    Object.assign(router, { createdAtMs: routerStart - 3_600_000 });
    joined.join = { ...joined.join, joinedAtMs: routerStart - 1_800_000 };
    const end = new Date();
    const { meters, malformed } = await api.getMonitor({ resource: routerId, meters: ['vxnet-0', vxnet], step: '5m', startTime: new Date(end.getTime() - 3_600_000), endTime: end });
    expect(malformed).toEqual([]);
    expect(meters.map((m) => m.meterId)).toEqual(['vxnet-0', vxnet]);
    const own = meters[1]?.points ?? [];
    expect(own.length).toBeGreaterThanOrEqual(5);
    expect(own.every((p) => JSON.stringify(p.value) === '[1234,567]')).toBe(true);
    expect(own.every((p, i) => i === 0 || p.time - (own[i - 1]?.time ?? 0) === 300)).toBe(true);
    expect(await retCodeOf(api.getMonitor({ resource: 'rtr-nothere', meters: ['vxnet-0'], step: '5m', startTime: new Date(0), endTime: end }))).toBe(2100);
    expect(await retCodeOf(api.getMonitorRaw({ resource: routerId, meters: ['vxnet-0'], step: '7m', startTime: new Date(end.getTime() - 1000), endTime: end }))).toBe(1100);
  });

  it('the simulator\'s compression and the client\'s decoder agree, gaps and NA included (property)', () => {
    const sample = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fc.nat(1e9), fc.nat(1e9)).map(([a, b]) => [a, b] as [number, number]) },
      { weight: 1, arbitrary: fc.constant('NA' as const) },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), sample), { minLength: 1, maxLength: 40 }), (steps) => {
        let time = 1_700_000_000;
        const samples = steps.map(([gap, value]) => {
          time += gap * 300;
          return { time, value };
        });
        const firstValid = samples.findIndex((s) => s.value !== 'NA');
        const expected = firstValid === -1 ? [] : samples.slice(firstValid).map((s) => ({ time: s.time, value: s.value === 'NA' ? null : s.value }));
        expect(decodeMonitorSeries(compressSeries(samples, 300), 300)).toEqual({ ok: true, points: expected });
      }),
      { numRuns: 300 },
    );
  });
});
