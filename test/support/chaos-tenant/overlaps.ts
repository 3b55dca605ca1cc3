// Which recorded address ranges overlap: the "no two projects share addresses" invariant. Pure.
import { cidrsOverlap, parseCidr, type Cidr } from '../../../src/ipam/index.js';

export interface RangeOwner {
  readonly owner: string;
  readonly cidr: string;
}

export type OverlapCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Sort by start address, then compare each range with the ones that start before it ends. */
export function findOverlaps(ranges: readonly RangeOwner[]): OverlapCheck {
  const problems: string[] = [];
  const parsed: { owner: string; text: string; cidr: Cidr }[] = [];
  for (const r of ranges) {
    const result = parseCidr(r.cidr);
    if (result.ok) parsed.push({ owner: r.owner, text: r.cidr, cidr: result.cidr });
    else problems.push(`${r.owner}: unparseable range ${JSON.stringify(r.cidr)}`);
  }
  // n is small (hundreds): the quadratic scan is clearer than an interval tree.
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const a = parsed[i];
      const b = parsed[j];
      if (a !== undefined && b !== undefined && cidrsOverlap(a.cidr, b.cidr)) problems.push(`${a.owner} (${a.text}) overlaps ${b.owner} (${b.text})`);
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
