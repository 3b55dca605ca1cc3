// Address arithmetic for the oracle: which addresses a CIDR covers. Unparseable text covers nothing.
import { Address4, Address6 } from 'ip-address';

export type IpVersion = 4 | 6;

export interface AddressValue {
  readonly family: IpVersion;
  readonly value: bigint;
}

export interface AddressRange {
  readonly family: IpVersion;
  readonly first: bigint;
  readonly last: bigint;
}

// Parsing is the costly part and the same few ranges are asked about again and again.
const ipCache = new Map<string, AddressValue | undefined>();
const cidrCache = new Map<string, AddressRange | undefined>();
const CACHE_LIMIT = 4096;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

export function parseIp(text: string): AddressValue | undefined {
  if (ipCache.has(text)) return ipCache.get(text);
  return remember(ipCache, text, parseIpUncached(text));
}

export function parseCidrRange(text: string): AddressRange | undefined {
  if (cidrCache.has(text)) return cidrCache.get(text);
  return remember(cidrCache, text, parseCidrUncached(text));
}

function parseIpUncached(text: string): AddressValue | undefined {
  if (text.includes('/')) return undefined;
  if (Address4.isValid(text)) return { family: 4, value: new Address4(text).bigInt() };
  if (Address6.isValid(text)) return { family: 6, value: new Address6(text).bigInt() };
  return undefined;
}

function parseCidrUncached(text: string): AddressRange | undefined {
  if (!text.includes('/')) return undefined;
  if (Address4.isValid(text)) {
    const a = new Address4(text);
    return { family: 4, first: a.startAddress().bigInt(), last: a.endAddress().bigInt() };
  }
  if (Address6.isValid(text)) {
    const a = new Address6(text);
    return { family: 6, first: a.startAddress().bigInt(), last: a.endAddress().bigInt() };
  }
  return undefined;
}

export function cidrContainsIp(cidr: string, ip: string): boolean {
  const range = parseCidrRange(cidr);
  const address = parseIp(ip);
  if (range === undefined || address === undefined) return false;
  return range.family === address.family && range.first <= address.value && address.value <= range.last;
}

export function anyCidrContainsIp(cidrs: readonly string[], ip: string): boolean {
  return cidrs.some((cidr) => cidrContainsIp(cidr, ip));
}

/**
 * Family by syntax alone, so that even a malformed range lands in some `except` list and the API
 * server rejects the object, instead of the range silently disappearing (which would widen egress).
 */
export function cidrFamilyBySyntax(cidr: string): IpVersion {
  return cidr.includes(':') ? 6 : 4;
}
