import { describe, expect, it } from '@jest/globals';
import type { SubnetRef } from '../providers/contract.js';
import { isControllerError } from '../util/errors.js';
import { parseVectorResponse, PrometheusTrafficSource, samplesFromVectors } from './traffic-prometheus.js';

const vector = (result: unknown[]): unknown => ({ status: 'success', data: { resultType: 'vector', result } });
const ref = (project: string): SubnetRef => ({ workspace: 'ws', project, projectUid: `uid-${project}` });

describe('parseVectorResponse', () => {
  it('reads values per namespace, adding up series of the same namespace and dropping junk', () => {
    const parsed = parseVectorResponse(vector([
      { metric: { namespace: 'a' }, value: [1700000000.5, '100.5'] },
      { metric: { namespace: 'a', pod: 'x' }, value: [1700000001, '50'] },
      { metric: { namespace: 'b' }, value: [1700000000, 'NaN'] },
      { metric: { namespace: 'c' }, value: [1700000000, '-1'] },
      { metric: {}, value: [1700000000, '7'] },
      { metric: { namespace: 'd' }, value: [1700000000, '0'] },
    ]), 'namespace');
    expect(parsed).toEqual({ ok: true, byNamespace: new Map([['a', { value: 150.5, timestampMs: 1700000001000 }], ['d', { value: 0, timestampMs: 1700000000000 }]]) });
  });

  it.each([
    ['not JSON', undefined, 'answer is not a JSON object'],
    ['an error', { status: 'error', error: 'parse error at char 3' }, 'query failed: parse error at char 3'],
    ['a matrix', { status: 'success', data: { resultType: 'matrix', result: [] } }, 'answer is not an instant vector'],
  ])('rejects %s', (_name, body, message) => {
    expect(parseVectorResponse(body, 'namespace')).toEqual({ ok: false, message });
  });
});

describe('samplesFromVectors', () => {
  it('samples projects present in either direction and skips the rest', () => {
    const ingress = new Map([['a', { value: 10, timestampMs: 1000 }]]);
    const egress = new Map([['a', { value: 5, timestampMs: 2000 }], ['b', { value: 7, timestampMs: 1500 }]]);
    expect(samplesFromVectors([ref('a'), ref('b'), ref('c')], ingress, egress)).toEqual([
      { subnet: ref('a'), timestampMs: 2000, ingressBytesPerSecond: 10, egressBytesPerSecond: 5 },
      { subnet: ref('b'), timestampMs: 1500, ingressBytesPerSecond: 0, egressBytesPerSecond: 7 },
    ]);
  });
});

describe('PrometheusTrafficSource', () => {
  const answering = (status: number, body: unknown, seen: string[] = []): typeof fetch =>
    (_url: string | URL | Request, init?: RequestInit) => {
      seen.push(new URLSearchParams(typeof init?.body === 'string' ? init.body : '').get('query') ?? '');
      return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
    };

  it('posts both queries and joins the answers', async () => {
    const seen: string[] = [];
    const source = new PrometheusTrafficSource({ url: 'http://prom:9090/', fetch: answering(200, vector([{ metric: { namespace: 'a' }, value: [1, '3'] }]), seen), ingressQuery: 'in', egressQuery: 'out' });
    expect(await source.sample([ref('a')], new AbortController().signal)).toEqual([{ subnet: ref('a'), timestampMs: 1000, ingressBytesPerSecond: 3, egressBytesPerSecond: 3 }]);
    expect(seen.sort()).toEqual(['in', 'out']);
  });

  it.each([
    [400, { status: 'error', error: 'bad_data' }, false],
    [503, { status: 'error', error: 'unavailable' }, true],
  ])('classifies HTTP %d as retryable=%s', async (status, body, retryable) => {
    const source = new PrometheusTrafficSource({ url: 'http://prom:9090', fetch: answering(status, body) });
    const err = await source.sample([ref('a')], new AbortController().signal).then(() => undefined, (e: unknown) => e);
    expect(isControllerError(err) && err.code === 'PrometheusQueryFailed' && err.retryable === retryable).toBe(true);
  });

  it('asks nothing for no subnets', async () => {
    const seen: string[] = [];
    const source = new PrometheusTrafficSource({ url: 'http://prom:9090', fetch: answering(200, vector([]), seen) });
    expect(await source.sample([], new AbortController().signal)).toEqual([]);
    expect(seen).toEqual([]);
  });
});
