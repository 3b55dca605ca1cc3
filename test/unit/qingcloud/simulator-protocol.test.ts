import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QingCloudSimulator } from '../../qingcloud-sim/server.js';
import { startFastSimulator } from './helpers.js';
import { rawCall } from './raw-request.js';

let sim: QingCloudSimulator;
beforeAll(async () => {
  sim = await startFastSimulator();
});
afterAll(async () => {
  await sim.stop();
});

describe('simulator request checks', () => {
  it('answers a good request with HTTP 200, application/json, action and ret_code 0', async () => {
    const reply = await rawCall(sim, { action: 'DescribeRouters' });
    expect(reply.status).toBe(200);
    expect(reply.contentType.startsWith('application/json')).toBe(true);
    expect(reply.body).toMatchObject({ action: 'DescribeRoutersResponse', ret_code: 0, total_count: 0 });
  });

  it.each([
    ['GET', '/iaas'],
    ['POST', '/iaas/'],
    ['POST', '/iaas'],
  ] as const)('accepts %s on %s', async (method, path) => {
    expect((await rawCall(sim, { action: 'DescribeVxnets' }, { method, path })).body.ret_code).toBe(0);
  });

  it.each([
    ['a wrong secret', 1200, { action: 'DescribeRouters' }, { secret: 'nope' }],
    ['a tampered parameter', 1200, { action: 'DescribeRouters', search_word: 'a' }, { tamper: { search_word: 'b' } }],
    ['an unknown access key', 1200, { action: 'DescribeRouters' }, { tamper: { access_key_id: 'QYOTHER' } }],
    ['a time_stamp 90 s old', 1300, { action: 'DescribeRouters' }, { nowMs: Date.now() - 90_000 }],
    ['a time_stamp 90 s ahead', 1300, { action: 'DescribeRouters' }, { nowMs: Date.now() + 90_000 }],
    ['no action', 1100, {}, {}],
    ['no zone', 1100, { action: 'DescribeRouters' }, { omit: ['zone'] }],
    ['an unknown zone', 1100, { action: 'DescribeRouters', zone: 'pek9z' }, {}],
    ['an unknown action', 1101, { action: 'DescribeUnicorns' }, {}],
    ['a missing time_stamp', 1100, { action: 'DescribeRouters' }, { omit: ['time_stamp'] }],
  ] as const)('answers %s with %i', async (_name, retCode, params, options) => {
    const reply = await rawCall(sim, { ...params }, options);
    expect(reply.status).toBe(200);
    expect(reply.body.ret_code).toBe(retCode);
    expect(typeof reply.body.message).toBe('string');
  });

  it('accepts a time_stamp within 60 s', async () => {
    expect((await rawCall(sim, { action: 'DescribeRouters' }, { nowMs: Date.now() - 45_000 })).body.ret_code).toBe(0);
  });

  it('drops empty parameters before verifying, so a signed `key=` breaks the signature (hostnic-cni#14)', async () => {
    const reply = await rawCall(sim, { action: 'DescribeVxnets', 'vxnets.1': '' });
    expect(reply.body.ret_code).toBe(1200);
  });

  it('answers other paths with 404', async () => {
    const response = await fetch(new URL('/other', sim.endpoint));
    expect(response.status).toBe(404);
  });
});

describe('simulator fault targeting and call quota', () => {
  it('fires a rule only on calls a parameter of which contains its text', async () => {
    sim.resetCalls();
    sim.setFaults([{ action: 'DescribeRouters', paramIncludes: 'target', retCode: 5100 }]);
    try {
      expect((await rawCall(sim, { action: 'DescribeRouters', search_word: 'the-target-name' })).body.ret_code).toBe(5100);
      expect((await rawCall(sim, { action: 'DescribeRouters', search_word: 'another' })).body.ret_code).toBe(0);
      expect((await rawCall(sim, { action: 'DescribeRouters' })).body.ret_code).toBe(0);
    } finally {
      sim.setFaults([]);
    }
  });

  it('answers 2500 past an API-call quota set at run time, and lifts it again', async () => {
    sim.setApiCallQuota({ limit: 2, windowMs: 60_000 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i += 1) codes.push((await rawCall(sim, { action: 'DescribeVxnets' })).body.ret_code);
      expect(codes).toEqual([0, 0, 2500, 2500]);
    } finally {
      sim.setApiCallQuota(undefined);
    }
    expect((await rawCall(sim, { action: 'DescribeVxnets' })).body.ret_code).toBe(0);
  });
});
