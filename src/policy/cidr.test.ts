import { describe, expect, it } from '@jest/globals';
import { cidrContainsIp, parseCidrRange, parseIp } from './cidr.js';

describe('cidrContainsIp', () => {
  it.each([
    ['10.244.0.0/16', '10.244.255.255', true],
    ['10.244.0.0/16', '10.245.0.0', false],
    ['10.244.1.7/16', '10.244.200.1', true], // host bits ignored, as Kubernetes does
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['fd00::/48', 'fd00:0:0:ffff::1', true],
    ['fd00::/48', 'fd00:0:1::1', false],
    ['::/0', '10.0.0.1', false],
    ['not-a-cidr', '10.0.0.1', false],
    ['10.0.0.0/8', 'not-an-ip', false],
    ['10.0.0.1', '10.0.0.1', false], // a bare address is not a CIDR
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContainsIp(cidr, ip)).toBe(expected);
  });

  it('parses both families and rejects masks out of range', () => {
    expect(parseIp('10.0.0.1')?.family).toBe(4);
    expect(parseIp('::1')?.family).toBe(6);
    expect(parseCidrRange('10.0.0.0/33')).toBeUndefined();
    expect(parseCidrRange('10.0.0.0/8')).toStrictEqual({ family: 4, first: 0x0a000000n, last: 0x0affffffn });
  });
});
