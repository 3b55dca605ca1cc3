// ipBlock matching (cidr minus except) on IPv4 and IPv6 addresses. Written apart from src/policy so
// the evaluator does not share code with what it checks.
import { Address4, Address6 } from 'ip-address';

interface Span {
  readonly v6: boolean;
  readonly first: bigint;
  readonly last: bigint;
}

// Property tests ask about the same few ranges millions of times.
const spans = new Map<string, Span | undefined>();
const addresses = new Map<string, { readonly v6: boolean; readonly value: bigint } | undefined>();

export function parseSpan(cidr: string): Span | undefined {
  if (!spans.has(cidr)) spans.set(cidr, parseSpanUncached(cidr));
  return spans.get(cidr);
}

export function parseAddress(ip: string): { readonly v6: boolean; readonly value: bigint } | undefined {
  if (!addresses.has(ip)) addresses.set(ip, parseAddressUncached(ip));
  return addresses.get(ip);
}

function parseSpanUncached(cidr: string): Span | undefined {
  if (!cidr.includes('/')) return undefined;
  if (Address4.isValid(cidr)) {
    const a = new Address4(cidr);
    return { v6: false, first: a.startAddress().bigInt(), last: a.endAddress().bigInt() };
  }
  if (Address6.isValid(cidr)) {
    const a = new Address6(cidr);
    return { v6: true, first: a.startAddress().bigInt(), last: a.endAddress().bigInt() };
  }
  return undefined;
}

function parseAddressUncached(ip: string): { readonly v6: boolean; readonly value: bigint } | undefined {
  if (ip.includes('/')) return undefined;
  if (Address4.isValid(ip)) return { v6: false, value: new Address4(ip).bigInt() };
  if (Address6.isValid(ip)) return { v6: true, value: new Address6(ip).bigInt() };
  return undefined;
}

export function spanContains(span: Span, ip: string): boolean {
  const address = parseAddress(ip);
  return address !== undefined && address.v6 === span.v6 && span.first <= address.value && address.value <= span.last;
}

export function spanWithin(inner: Span, outer: Span): boolean {
  return inner.v6 === outer.v6 && outer.first <= inner.first && inner.last <= outer.last;
}
