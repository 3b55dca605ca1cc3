// The cluster's other pod ranges, from the Calico pools the controller did not create. Pure.
import { compareCidrs, formatCidr, parseCidr, parseIpv4Address, type Cidr } from '../../ipam/index.js';
import type { IpPoolObject } from './ippool.js';

/** A pool serves pods unless its allowedUses leave out Workload (tunnel-only or load-balancer pools). */
function servesPods(pool: IpPoolObject): boolean {
  const uses = pool.spec?.allowedUses;
  return uses === undefined || uses.length === 0 || uses.includes('Workload');
}

/**
 * IPv4 ranges only (egress rules except them from 0.0.0.0/0); a range written with host bits set,
 * which Calico would have normalised, is widened to its network the same way.
 */
function ipv4Range(text: string): Cidr | undefined {
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  if (parsed.reason !== 'CIDRNotAligned') return undefined;
  const [address = '', prefix = ''] = text.split('/');
  const base = parseIpv4Address(address);
  if (!base.ok) return undefined;
  const size = 2 ** (32 - Number(prefix));
  return { family: 'IPv4', base: base.value - (base.value % size), prefixLength: Number(prefix) };
}

/** Sorted by address, without duplicates. Disabled pools count: their pods keep their addresses. */
export function podCidrsOf(foreignPools: readonly IpPoolObject[]): string[] {
  const ranges = new Map<string, Cidr>();
  const texts = foreignPools.filter(servesPods).map((p) => p.spec?.cidr ?? '');
  for (const text of texts) {
    const cidr = ipv4Range(text);
    if (cidr !== undefined) ranges.set(formatCidr(cidr), cidr);
  }
  return [...ranges.values()].sort(compareCidrs).map(formatCidr);
}
