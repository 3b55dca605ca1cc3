import { describe, expect, it } from '@jest/globals';
import { chunk, collectPages, type Page } from './paginate.js';

function pagedSource(total: number, cap: number): { fetch: (offset: number, limit: number) => Promise<Page<number>>; calls: [number, number][] } {
  const calls: [number, number][] = [];
  const items = Array.from({ length: total }, (_, i) => i);
  return {
    calls,
    fetch: (offset, limit) => {
      calls.push([offset, limit]);
      return Promise.resolve({ items: items.slice(offset, offset + Math.min(limit, cap)), totalCount: total });
    },
  };
}

describe('collectPages', () => {
  it.each([
    [0, 1],
    [1, 1],
    [100, 1],
    [101, 2],
    [250, 3],
  ])('%i items take %i calls of limit 100', async (total, expectedCalls) => {
    const source = pagedSource(total, 100);
    const all = await collectPages(source.fetch);
    expect(all).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(source.calls).toHaveLength(expectedCalls);
    expect(source.calls.every(([, limit]) => limit === 100)).toBe(true);
  });

  it('follows the server when it caps pages lower than asked', async () => {
    const source = pagedSource(45, 20);
    expect(await collectPages(source.fetch)).toHaveLength(45);
    expect(source.calls.map(([offset]) => offset)).toEqual([0, 20, 40]);
  });

  it('stops on an empty page even if total_count says more', async () => {
    let calls = 0;
    const all = await collectPages<number>(() => {
      calls += 1;
      return Promise.resolve(calls === 1 ? { items: [1, 2], totalCount: 10 } : { items: [], totalCount: 10 });
    });
    expect(all).toEqual([1, 2]);
    expect(calls).toBe(2);
  });
});

describe('chunk', () => {
  it('splits into groups of at most n', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
    expect(chunk(Array.from({ length: 201 }, (_, i) => i)).map((c) => c.length)).toEqual([100, 100, 1]);
  });
});
