import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { QingCloudApiError } from '../../../src/providers/qingcloud/errors.js';
import type { QingCloudSimulator } from '../../qingcloud-sim/server.js';
import { answered, clientFor, startFastSimulator } from './helpers.js';

let sim: QingCloudSimulator;

beforeAll(async () => {
  sim = await startFastSimulator();
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.setFaults([]);
  sim.resetCalls();
});

async function failure(promise: Promise<unknown>): Promise<QingCloudApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof QingCloudApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('QingCloudClient against the simulator', () => {
  it('signs GET and POST requests the server accepts, on /iaas and /iaas/', async () => {
    for (const [endpoint, httpMethod] of [
      [sim.endpoint, 'GET'],
      [sim.endpoint, 'POST'],
      [sim.endpoint.replace(/\/$/, ''), 'GET'],
    ] as const) {
      const client = clientFor(sim, { endpoint, httpMethod });
      const body = await client.call<{ total_count: number }>('DescribeRouters', { search_word: 'nothing matches: /+ =&?' });
      expect(body.ret_code).toBe(0);
      expect(body.total_count).toBe(0);
    }
    expect(sim.calls().map((c) => c.retCode)).toEqual([0, 0, 0]);
  });

  it('HmacSHA1 works too', async () => {
    const body = await clientFor(sim, { signatureMethod: 'HmacSHA1' }).call('DescribeVxnets');
    expect(body.ret_code).toBe(0);
  });

  it.each([5000, 5100, 5300])('retries %i until it succeeds', async (retCode) => {
    sim.setFaults([{ action: 'DescribeRouters', retCode, count: 2 }]);
    const outcomes: string[] = [];
    const client = clientFor(sim, { onCall: (action, outcome) => outcomes.push(`${action}:${outcome}`) });
    await client.call('DescribeRouters');
    expect(sim.callCounts().DescribeRouters).toBe(3);
    expect(outcomes).toHaveLength(3);
    expect(outcomes[2]).toBe('DescribeRouters:ok');
  });

  it('retries 1400 "please try later" but not other 1400s', async () => {
    sim.setFaults([{ action: 'DescribeRouters', retCode: 1400, message: 'PermissionDenied, resource [rtr-x] is [updating], please try later', count: 1 }]);
    await clientFor(sim).call('DescribeRouters');
    expect(sim.callCounts().DescribeRouters).toBe(2);

    sim.resetCalls();
    sim.setFaults([{ action: 'DescribeRouters', retCode: 1400, message: 'PermissionDenied, not your resource', count: 1 }]);
    const err = await failure(clientFor(sim).call('DescribeRouters'));
    expect(err).toMatchObject({ code: 'PermissionDenied', retryable: false, retCode: 1400 });
    expect(sim.callCounts().DescribeRouters).toBe(1);
  });

  it.each([
    [1100, 'MalformedRequest'],
    [2100, 'ResourceNotFound'],
    [2400, 'InsufficientBalance'],
    [5400, 'DependencyExists'],
    [5200, 'InsufficientCapacity'],
    [2200, 'LeaseFailed'],
  ])('does not retry %i', async (retCode, reason) => {
    sim.setFaults([{ action: 'DescribeVxnets', retCode, count: 1 }]);
    const err = await failure(clientFor(sim).call('DescribeVxnets'));
    expect(err.code).toBe(reason);
    expect(sim.callCounts().DescribeVxnets).toBe(1);
  });

  it('2500 is never retried by the client; the API-call quota surfaces as retryable with a long back-off', async () => {
    sim.setFaults([{ action: 'DescribeVxnets', retCode: 2500, count: 1 }]);
    const rate = await failure(clientFor(sim).call('DescribeVxnets'));
    expect(rate).toMatchObject({ code: 'ApiCallQuotaExceeded', retryable: true });
    expect(rate.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    sim.setFaults([{ action: 'DescribeVxnets', retCode: 2500, message: 'QuotaExceeded, resource quota of [vxnet] exceeded', count: 1 }]);
    const quota = await failure(clientFor(sim).call('DescribeVxnets'));
    expect(quota).toMatchObject({ code: 'QuotaExceeded', retryable: false });
    expect(sim.callCounts().DescribeVxnets).toBe(2);
  });

  it('gives up after maxAttempts on a persistent retryable error', async () => {
    sim.setFaults([{ action: 'DescribeVxnets', retCode: 5100 }]);
    const err = await failure(clientFor(sim, { maxAttempts: 4 }).call('DescribeVxnets'));
    expect(err).toMatchObject({ code: 'ServerBusy', retryable: true });
    expect(sim.callCounts().DescribeVxnets).toBe(4);
  });

  it('re-signs once on 1300 and then gives up', async () => {
    sim.setFaults([{ action: 'DescribeTags', retCode: 1300, message: 'MessageExpired, expired', count: 1 }]);
    await clientFor(sim).call('DescribeTags');
    expect(sim.callCounts().DescribeTags).toBe(2);
    const [first, second] = sim.calls();
    expect(first?.params.time_stamp).toBeDefined();
    expect(second?.retCode).toBe(0);

    sim.resetCalls();
    sim.setFaults([{ action: 'DescribeTags', retCode: 1300, message: 'MessageExpired, expired' }]);
    const err = await failure(clientFor(sim).call('DescribeTags'));
    expect(err).toMatchObject({ code: 'RequestExpired', retryable: false });
    expect(sim.callCounts().DescribeTags).toBe(2);
  });

  it('a client clock off by more than 60 s gets 1300 from the server', async () => {
    const err = await failure(clientFor(sim, { now: () => Date.now() - 120_000 }).call('DescribeTags'));
    expect(err.retCode).toBe(1300);
    expect(answered(sim, 1300)).toBe(2); // the original and the single re-signed attempt
  });

  it('retries dropped connections for reads, but not for creates (the create may have happened)', async () => {
    sim.setFaults([{ action: 'DescribeVxnets', drop: 'before', count: 2 }]);
    await clientFor(sim).call('DescribeVxnets');
    expect(sim.callCounts().DescribeVxnets).toBe(3);

    sim.setFaults([{ action: 'CreateVxnets', drop: 'after', count: 1 }]);
    const err = await failure(clientFor(sim).call('CreateVxnets', { vxnet_type: 1, vxnet_name: 'dropped' }, { idempotent: false }));
    expect(err).toMatchObject({ code: 'TransportConnectionReset', retryable: true });
    expect(sim.callCounts().CreateVxnets).toBe(1);
    expect(sim.state().vxnets.filter((v) => v.name === 'dropped')).toHaveLength(1);

    sim.setFaults([{ action: 'CreateVxnets', retCode: 5000, count: 1 }]);
    await failure(clientFor(sim).call('CreateVxnets', { vxnet_type: 1 }, { idempotent: false }));
    expect(sim.callCounts().CreateVxnets).toBe(2);
    sim.setFaults([{ action: 'CreateVxnets', retCode: 5300, count: 1 }]);
    await clientFor(sim).call('CreateVxnets', { vxnet_type: 1 }, { idempotent: false });
    expect(sim.callCounts().CreateVxnets).toBe(4); // 5300 means "not executed": safe to repeat
  });

  it('a timeout is a retryable transport error', async () => {
    sim.setFaults([{ action: 'DescribeJobs', latencyMs: 300, count: 1 }]);
    const outcomes: string[] = [];
    await clientFor(sim, { timeoutMs: 100, onCall: (_action, outcome) => outcomes.push(outcome) }).call('DescribeJobs');
    expect(outcomes).toEqual(['Timeout', 'ok']);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the slow first request is logged when it ends
    expect(sim.callCounts().DescribeJobs).toBe(2);
  });

  it('never puts the secret, the signature or the URL into errors or logs', async () => {
    const logged: string[] = [];
    const logger = {
      debug: (obj: object, msg: string) => logged.push(JSON.stringify(obj) + msg),
      warn: (obj: object, msg: string) => logged.push(JSON.stringify(obj) + msg),
    };
    const bad = clientFor(sim, { credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: 'WRONG-SECRET-VALUE' }, logger });
    const err = await failure(bad.call('DescribeRouters'));
    expect(err).toMatchObject({ code: 'AuthFailure', retCode: 1200, action: 'DescribeRouters' });
    sim.setFaults([{ drop: 'before' }]);
    const transport = await failure(clientFor(sim, { logger, maxAttempts: 2 }).call('DescribeRouters'));
    for (const text of [err.message, String(err.stack), transport.message, String(transport.stack), ...logged]) {
      expect(text).not.toContain('WRONG-SECRET-VALUE');
      expect(text).not.toContain(sim.secretAccessKey);
      expect(text).not.toContain('signature=');
      expect(text).not.toContain(sim.endpoint);
    }
    expect(err.cause).toBeUndefined();
    expect(transport.cause).toBeUndefined();
  });

  it('an aborted signal stops the call', async () => {
    sim.setFaults([{ action: 'DescribeRouters', retCode: 5100 }]);
    const controller = new AbortController();
    const pending = clientFor(sim, { backoff: { baseDelayMs: 1000, maxDelayMs: 1000 }, random: () => 0.99 }).call(
      'DescribeRouters',
      {},
      { signal: controller.signal },
    );
    setTimeout(() => { controller.abort(new Error('shutting down')); }, 50);
    await expect(pending).rejects.toThrow('shutting down');
    expect(sim.callCounts().DescribeRouters).toBe(1);
  });
});
