import { describe, expect, it } from '@jest/globals';
import { PROJECT_NETWORKS } from '../api/resources.js';
import { KubeApiError } from '../kube/api-error.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { liveAfterFailure } from './live-after-failure.js';

const cached: KubeObject = { metadata: { name: 'p', resourceVersion: '1' } };
const live: KubeObject = { metadata: { name: 'p', resourceVersion: '2' } };

function clientAnswering(answer: () => Promise<KubeObject>): { client: KubeClient; gets: string[] } {
  const gets: string[] = [];
  const client = { get: (_type: unknown, name: string) => { gets.push(name); return answer(); } } as unknown as KubeClient;
  return { client, gets };
}

describe('liveAfterFailure', () => {
  it.each([
    { name: 'a first attempt uses the cache', failures: 0, inCache: cached, answer: () => Promise.resolve(live), expected: cached, reads: 0 },
    { name: 'a first attempt with nothing cached reads nothing', failures: 0, inCache: undefined, answer: () => Promise.resolve(live), expected: undefined, reads: 0 },
    { name: 'a retry reads the live object', failures: 1, inCache: cached, answer: () => Promise.resolve(live), expected: live, reads: 1 },
    { name: 'a retry finds an object the cache has not seen', failures: 3, inCache: undefined, answer: () => Promise.resolve(live), expected: live, reads: 1 },
    { name: 'a retry learns the object is gone', failures: 1, inCache: cached, answer: () => Promise.reject(new KubeApiError(404, 'NotFound', 'gone', false)), expected: undefined, reads: 1 },
  ])('$name', async ({ failures, inCache, answer, expected, reads }) => {
    const { client, gets } = clientAnswering(answer);
    await expect(liveAfterFailure(client, PROJECT_NETWORKS, 'p', inCache, failures, new AbortController().signal)).resolves.toBe(expected);
    expect(gets.length).toBe(reads);
  });

  it('passes other errors on (the retry backs off again)', async () => {
    const { client } = clientAnswering(() => Promise.reject(new KubeApiError(500, 'InternalError', 'boom', true)));
    await expect(liveAfterFailure(client, PROJECT_NETWORKS, 'p', cached, 1, new AbortController().signal)).rejects.toThrow('boom');
  });
});
