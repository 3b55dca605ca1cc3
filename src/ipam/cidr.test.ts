import { describe, expect, it } from '@jest/globals';
import {
  cidrAddressCount,
  cidrContains,
  cidrLastAddress,
  cidrsOverlap,
  compareCidrs,
  formatCidr,
  gatewayOf,
  parseCidr,
  validateCidr,
  type Cidr,
} from './cidr.js';
import { formatIpv4Address, parseIpv4Address } from './ipv4.js';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`test fixture ${text}: ${parsed.message}`);
  return parsed.cidr;
}

describe('parseIpv4Address / formatIpv4Address', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.1.2', 10 * 2 ** 24 + 1 * 2 ** 8 + 2],
    ['192.168.0.1', 192 * 2 ** 24 + 168 * 2 ** 16 + 1],
    ['255.255.255.255', 2 ** 32 - 1],
  ])('%s is %d and formats back', (text, value) => {
    expect(parseIpv4Address(text)).toEqual({ ok: true, value });
    expect(formatIpv4Address(value)).toBe(text);
  });

  it.each(['', '10.0.0', '10.0.0.0.0', '256.0.0.1', '10.01.0.1', '10.0.0.-1', '10.0.0.1 ', 'a.b.c.d', '1e1.0.0.1', '10..0.1'])(
    '%j is rejected',
    (text) => {
      const result = parseIpv4Address(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toBe('InvalidIPAddress');
    },
  );
});

describe('parseCidr', () => {
  it.each([
    ['10.0.1.0/24', 10 * 2 ** 24 + 256, 24],
    ['0.0.0.0/0', 0, 0],
    ['10.128.0.0/10', 10 * 2 ** 24 + 128 * 2 ** 16, 10],
    ['192.168.1.7/32', 192 * 2 ** 24 + 168 * 2 ** 16 + 256 + 7, 32],
    ['172.31.0.0/16', 172 * 2 ** 24 + 31 * 2 ** 16, 16],
  ])('accepts %s', (text, base, prefixLength) => {
    expect(parseCidr(text)).toEqual({ ok: true, cidr: { family: 'IPv4', base, prefixLength } });
    expect(formatCidr(cidr(text))).toBe(text);
  });

  it.each([
    ['10.0.1.5/24', 'CIDRNotAligned', '10.0.1.0/24'],
    ['10.0.1.0/23', 'CIDRNotAligned', '10.0.0.0/23'],
    ['10.129.0.0/10', 'CIDRNotAligned', '10.128.0.0/10'],
    ['10.0.0.0', 'InvalidCIDR', 'missing'],
    ['10.0.0.0/', 'InvalidCIDR', "prefix length ''"],
    ['10.0.0.0/33', 'InvalidCIDR', "prefix length '33'"],
    ['10.0.0.0/024', 'InvalidCIDR', "prefix length '024'"],
    ['10.0.0.0/-1', 'InvalidCIDR', "prefix length '-1'"],
    ['10.0.0.0/24/1', 'InvalidCIDR', "prefix length '24/1'"],
    ['300.0.0.0/8', 'InvalidCIDR', "'300'"],
    ['010.0.0.0/8', 'InvalidCIDR', "'010'"],
    [' 10.0.0.0/8', 'InvalidCIDR', "' 10'"],
    ['', 'InvalidCIDR', 'missing'],
    ['fd00::/64', 'UnsupportedIPFamily', 'IPv6'],
    ['fd00::1', 'UnsupportedIPFamily', 'IPv6'],
    ['10.0.0.0/24:80', 'InvalidCIDR', "prefix length '24:80'"],
  ] as const)('rejects %j with %s', (text, reason, inMessage) => {
    const result = parseCidr(text);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toContain(inMessage);
  });
});

describe('validateCidr', () => {
  it.each([
    [{ family: 'IPv4', base: 10 * 2 ** 24, prefixLength: 8 }, true, undefined],
    [{ family: 'IPv4', base: 10 * 2 ** 24 + 1, prefixLength: 8 }, false, 'CIDRNotAligned'],
    [{ family: 'IPv4', base: 0, prefixLength: 33 }, false, 'InvalidCIDR'],
    [{ family: 'IPv4', base: 0, prefixLength: 1.5 }, false, 'InvalidCIDR'],
    [{ family: 'IPv4', base: 2 ** 32, prefixLength: 32 }, false, 'InvalidCIDR'],
    [{ family: 'IPv4', base: -256, prefixLength: 24 }, false, 'InvalidCIDR'],
  ] as const)('%j → ok=%s %s', (input, ok, reason) => {
    const result = validateCidr(input);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toBe(reason);
  });
});

describe('gatewayOf', () => {
  it.each([
    ['10.0.1.0/24', '10.0.1.1'],
    ['192.168.0.0/16', '192.168.0.1'],
    ['10.0.0.252/30', '10.0.0.253'],
    ['10.0.0.254/31', undefined],
    ['10.0.0.7/32', undefined],
    ['0.0.0.0/0', '0.0.0.1'],
  ])('%s → %s', (text, gateway) => {
    expect(gatewayOf(cidr(text))).toBe(gateway);
  });
});

describe('sizes', () => {
  it.each([
    ['10.0.1.0/24', 256, '10.0.1.255'],
    ['10.0.0.0/31', 2, '10.0.0.1'],
    ['0.0.0.0/0', 2 ** 32, '255.255.255.255'],
  ])('%s holds %d addresses up to %s', (text, count, last) => {
    expect(cidrAddressCount(cidr(text))).toBe(count);
    expect(formatIpv4Address(cidrLastAddress(cidr(text)))).toBe(last);
  });
});

describe('cidrContains / cidrsOverlap', () => {
  it.each([
    ['10.0.0.0/16', '10.0.1.0/24', true, true],
    ['10.0.1.0/24', '10.0.0.0/16', false, true],
    ['10.0.1.0/24', '10.0.1.0/24', true, true],
    ['10.0.1.0/24', '10.0.2.0/24', false, false],
    ['10.0.0.0/23', '10.0.1.128/25', true, true],
    ['10.0.0.0/23', '10.0.2.0/25', false, false],
    ['0.0.0.0/0', '255.255.255.255/32', true, true],
    ['10.0.0.0/8', '11.0.0.0/8', false, false],
  ])('%s ⊇ %s is %s; they overlap: %s', (outer, inner, contains, overlap) => {
    expect(cidrContains(cidr(outer), cidr(inner))).toBe(contains);
    expect(cidrsOverlap(cidr(outer), cidr(inner))).toBe(overlap);
    expect(cidrsOverlap(cidr(inner), cidr(outer))).toBe(overlap);
  });
});

describe('compareCidrs', () => {
  it('sorts by address, larger range first', () => {
    const sorted = ['10.0.2.0/24', '10.0.0.0/24', '10.0.0.0/16', '9.0.0.0/8'].map(cidr).sort(compareCidrs).map(formatCidr);
    expect(sorted).toEqual(['9.0.0.0/8', '10.0.0.0/16', '10.0.0.0/24', '10.0.2.0/24']);
  });
});
