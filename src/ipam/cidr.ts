// CIDR ranges: parsing/validation (shared by the allocator, the controllers and the CRD checks in
// code), formatting and the containment/overlap predicates. Pure, IPv4 for now.
//
// IPv6 is meant to follow as a second member of `Cidr` (`family: 'IPv6'`, `base: bigint`); the
// predicates below then also compare `family`. The allocator only sees positions relative to a
// parent range (see block.ts), so it will not need to change.

import { formatIpv4Address, IPV4_BITS, parseIpv4Address } from './ipv4.js';

export type IpFamily = 'IPv4';

export interface Ipv4Cidr {
  readonly family: 'IPv4';
  /** The network address as a number (host bits are always zero). */
  readonly base: number;
  readonly prefixLength: number;
}

export type Cidr = Ipv4Cidr;

/** Condition reasons for a CIDR that cannot be used at all. */
export type CidrParseFailureReason = 'InvalidCIDR' | 'CIDRNotAligned' | 'UnsupportedIPFamily';

export interface CidrParseFailure {
  readonly ok: false;
  readonly reason: CidrParseFailureReason;
  readonly message: string;
}

export type CidrParseResult = { readonly ok: true; readonly cidr: Cidr } | CidrParseFailure;

const PREFIX = /^(?:0|[1-9]\d?)$/;

/**
 * Parses `a.b.c.d/n`. The address must be the network address of the range: `10.0.1.5/24` is
 * rejected as `CIDRNotAligned` (with the aligned spelling in the message) rather than silently
 * rounded, because a typo in a requested range should be reported, not "fixed".
 */
export function parseCidr(text: string): CidrParseResult {
  const slash = text.indexOf('/');
  if ((slash < 0 ? text : text.slice(0, slash)).includes(':')) {
    return parseFailure('UnsupportedIPFamily', `'${text}' looks like an IPv6 range; only IPv4 is supported`);
  }
  if (slash < 0) return parseFailure('InvalidCIDR', `'${text}' is not a CIDR: the '/prefix-length' part is missing`);
  const address = parseIpv4Address(text.slice(0, slash));
  if (!address.ok) return parseFailure('InvalidCIDR', `'${text}' is not a CIDR: ${address.message}`);
  const prefixText = text.slice(slash + 1);
  const prefixLength = Number(prefixText);
  if (!PREFIX.test(prefixText) || prefixLength > IPV4_BITS) {
    return parseFailure('InvalidCIDR', `'${text}' is not a CIDR: prefix length '${prefixText}' is not a number 0-${IPV4_BITS}`);
  }
  return checkAligned({ family: 'IPv4', base: address.value, prefixLength }, text);
}

/** Validates a `Cidr` built by hand (e.g. in tests or config) with the same rules as `parseCidr`. */
export function validateCidr(cidr: Cidr): CidrParseResult {
  const bits = addressBits(cidr.family);
  const shown = `${String(cidr.base)}/${String(cidr.prefixLength)}`;
  if (!Number.isInteger(cidr.prefixLength) || cidr.prefixLength < 0 || cidr.prefixLength > bits) {
    return parseFailure('InvalidCIDR', `prefix length ${String(cidr.prefixLength)} is not a number 0-${bits}`);
  }
  if (!Number.isInteger(cidr.base) || cidr.base < 0 || cidr.base >= 2 ** bits) {
    return parseFailure('InvalidCIDR', `'${shown}' has an address outside the ${cidr.family} space`);
  }
  return checkAligned(cidr, formatCidr(cidr));
}

/** Accepts either spelling of a range; strings are parsed, objects are validated. */
export function toCidr(input: string | Cidr): CidrParseResult {
  return typeof input === 'string' ? parseCidr(input) : validateCidr(input);
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4Address(cidr.base)}/${cidr.prefixLength}`;
}

const ADDRESS_BITS: Readonly<Record<IpFamily, number>> = { IPv4: IPV4_BITS };

export function addressBits(family: IpFamily): number {
  return ADDRESS_BITS[family];
}

/** How many addresses the range holds (including network and broadcast). */
export function cidrAddressCount(cidr: Cidr): number {
  return 2 ** (addressBits(cidr.family) - cidr.prefixLength);
}

/** The highest address in the range, as a number. */
export function cidrLastAddress(cidr: Cidr): number {
  return cidr.base + cidrAddressCount(cidr) - 1;
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.base === b.base && a.prefixLength === b.prefixLength;
}

/** True when every address of `inner` is in `outer` (a range contains itself). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.prefixLength <= inner.prefixLength &&
    inner.base >= outer.base &&
    cidrLastAddress(inner) <= cidrLastAddress(outer)
  );
}

/** Aligned ranges either nest or are disjoint, so overlap means one contains the other. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Orders by address, then larger ranges first; for sorted listings. */
export function compareCidrs(a: Cidr, b: Cidr): number {
  return a.base - b.base || a.prefixLength - b.prefixLength;
}

/**
 * The subnet's gateway: the first usable address (`10.0.1.1` for `10.0.1.0/24`), which is where
 * QingCloud puts its router (`manager_ip`) and what the controller reports in status. A /31 or /32
 * has no address to spare for a gateway, so there is none.
 */
export function gatewayOf(cidr: Cidr): string | undefined {
  if (addressBits(cidr.family) - cidr.prefixLength < 2) return undefined;
  return formatIpv4Address(cidr.base + 1);
}

function checkAligned(cidr: Cidr, text: string): CidrParseResult {
  const size = cidrAddressCount(cidr);
  if (cidr.base % size !== 0) {
    const aligned = formatCidr({ ...cidr, base: cidr.base - (cidr.base % size) });
    return parseFailure('CIDRNotAligned', `'${text}' has host bits set; the range starting there is ${aligned}`);
  }
  return { ok: true, cidr };
}

function parseFailure(reason: CidrParseFailureReason, message: string): CidrParseFailure {
  return { ok: false, reason, message };
}
