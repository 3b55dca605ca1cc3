// Finding the provider's routers and vxnets: by the id recorded in status (a hint, checked against
// the name), else by the deterministic name. Concurrent lookups share one Describe call — by ids,
// or by a common name prefix — so a burst of reconciles costs a few calls, not one each.
import type { QingCloudApi } from './api.js';
import { BatchLoader } from './batch-loader.js';
import { planNameSearches } from './name-search.js';
import type { Router, Vxnet } from './types.js';

const GONE_STATUSES = new Set(['deleted', 'ceased']);

export function isLive(router: Router): boolean {
  return !GONE_STATUSES.has(router.status);
}

export class Lookups {
  private readonly routersById: BatchLoader<string, Router>;
  private readonly routersByName: BatchLoader<string, Router[]>;
  private readonly vxnetsById: BatchLoader<string, Vxnet>;
  private readonly vxnetsByName: BatchLoader<string, Vxnet[]>;

  /** `windowMs`: how long a lookup waits for concurrent ones to share its Describe call. */
  constructor(api: QingCloudApi, windowMs: number) {
    const batching = { windowMs };
    this.routersById = new BatchLoader(async (ids) => new Map((await api.describeRouters({ ids })).map((r) => [r.router_id, r])), batching);
    this.routersByName = new BatchLoader((names) => searchByNames(names, (searchWord) => api.describeRouters({ searchWord }), (r) => r.router_name), batching);
    this.vxnetsById = new BatchLoader(async (ids) => new Map((await api.describeVxnets({ ids })).map((v) => [v.vxnet_id, v])), batching);
    this.vxnetsByName = new BatchLoader((names) => searchByNames(names, (searchWord) => api.describeVxnets({ searchWord }), (v) => v.vxnet_name), batching);
  }

  /** The live router named `name` (the one with `id` if it still has that name). */
  async router(name: string, id: string | undefined, signal: AbortSignal): Promise<Router | undefined> {
    if (id !== undefined) {
      const byId = await this.routersById.load(id, signal);
      if (byId !== undefined && isLive(byId) && byId.router_name === name) return byId;
    }
    const candidates = ((await this.routersByName.load(name, signal)) ?? []).filter(isLive);
    // Oldest first, so every caller settles on the same one if a duplicate ever appeared.
    return candidates.sort((a, b) => a.create_time.localeCompare(b.create_time) || a.router_id.localeCompare(b.router_id))[0];
  }

  /** The vxnet named `name` (the one with `id` if it still has that name). */
  async vxnet(name: string, id: string | undefined, signal: AbortSignal): Promise<Vxnet | undefined> {
    if (id !== undefined) {
      const byId = await this.vxnetsById.load(id, signal);
      if (byId !== undefined && byId.vxnet_name === name) return byId;
    }
    const candidates = (await this.vxnetsByName.load(name, signal)) ?? [];
    return candidates.sort((a, b) => a.create_time.localeCompare(b.create_time) || a.vxnet_id.localeCompare(b.vxnet_id))[0];
  }
}

/** Runs the planned searches and matches names exactly (search_word is a substring match). */
async function searchByNames<T>(names: readonly string[], search: (searchWord: string) => Promise<T[]>, nameOf: (item: T) => string): Promise<Map<string, T[]>> {
  const found = new Map<string, T[]>();
  for (const { searchWord, names: wanted } of planNameSearches(names)) {
    const items = await search(searchWord);
    for (const name of wanted) found.set(name, items.filter((item) => nameOf(item) === name));
  }
  return found;
}
