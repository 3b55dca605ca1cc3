import { describe, expect, it } from '@jest/globals';
import { BatchLoader } from './batch-loader.js';

function recordingLoader(options: { windowMs?: number; maxKeys?: number } = {}, fail?: Error): { loader: BatchLoader<string, number>; batches: string[][] } {
  const batches: string[][] = [];
  const loader = new BatchLoader<string, number>((keys) => {
    batches.push([...keys]);
    if (fail !== undefined) return Promise.reject(fail);
    return Promise.resolve(new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.length])));
  }, options);
  return { loader, batches };
}

describe('BatchLoader', () => {
  it('answers concurrent callers from one lookup, asking about each key once', async () => {
    const { loader, batches } = recordingLoader();
    const answers = await Promise.all(['a', 'bb', 'a', 'missing', 'ccc'].map((k) => loader.load(k)));
    expect(answers).toEqual([1, 2, 1, undefined, 3]);
    expect(batches).toEqual([['a', 'bb', 'missing', 'ccc']]);
  });

  it('sends a full batch at once and starts a new one for later keys', async () => {
    const { loader, batches } = recordingLoader({ maxKeys: 2, windowMs: 10_000 });
    const answers = await Promise.all([loader.load('a'), loader.load('b')]);
    expect(answers).toEqual([1, 1]);
    const later = loader.load('cc');
    const last = loader.load('dd');
    expect(await Promise.all([later, last])).toEqual([2, 2]);
    expect(batches).toEqual([['a', 'b'], ['cc', 'dd']]);
  });

  it('keeps calls made after the window apart', async () => {
    const { loader, batches } = recordingLoader({ windowMs: 1 });
    await loader.load('a');
    await loader.load('b');
    expect(batches).toEqual([['a'], ['b']]);
  });

  it('fails every caller of a failed lookup', async () => {
    const boom = new Error('boom');
    const { loader } = recordingLoader({}, boom);
    const results = await Promise.allSettled([loader.load('a'), loader.load('b')]);
    expect(results).toEqual([{ status: 'rejected', reason: boom }, { status: 'rejected', reason: boom }]);
  });

  it('lets an aborted caller go at once while the others get their answer', async () => {
    const { loader, batches } = recordingLoader({ windowMs: 5 });
    const controller = new AbortController();
    const leaving = loader.load('a', controller.signal);
    const staying = loader.load('bb');
    controller.abort(new Error('stop'));
    await expect(leaving).rejects.toThrow('stop');
    expect(await staying).toBe(2);
    expect(batches).toEqual([['a', 'bb']]);
  });

  it('rejects an already-aborted caller without a lookup', async () => {
    const { loader, batches } = recordingLoader({ windowMs: 1 });
    await expect(loader.load('a', AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([]);
  });
});
