// Describe* answers at most 100 items per call (a larger limit is silently capped), so every list
// is read page by page until `total_count` is reached.

export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
}

/** Reads every page; stops early if the server returns an empty page (the set shrank meanwhile). */
export async function collectPages<T>(fetchPage: (offset: number, limit: number) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const page = await fetchPage(all.length, MAX_PAGE_SIZE);
    all.push(...page.items);
    if (page.items.length === 0 || all.length >= page.totalCount) return all;
  }
}

/** Splits ids so that each Describe call names at most 100 of them. */
export function chunk<T>(items: readonly T[], size: number = MAX_PAGE_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
