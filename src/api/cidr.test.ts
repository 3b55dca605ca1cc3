import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { IPV4_ADDRESS_PATTERN, IPV4_CIDR_PATTERN } from './cidr.js';

const cidr = new RegExp(IPV4_CIDR_PATTERN, 'u');
const address = new RegExp(IPV4_ADDRESS_PATTERN, 'u');

describe('IPv4 patterns', () => {
  it.each(['0.0.0.0/0', '10.0.0.0/8', '10.128.0.0/10', '192.168.255.255/32', '172.31.0.0/16', '1.2.3.4/9', '100.64.0.0/29'])(
    'accepts the CIDR %s',
    (value) => {
      expect(cidr.test(value)).toBe(true);
    },
  );

  it.each(['10.0.0.0', '10.0.0.0/', '10.0.0.0/33', '10.0.0.0/08', '10.0.0/8', '256.0.0.0/8', '010.0.0.0/8', ' 10.0.0.0/8', '10.0.0.0/8\n', 'fd00::/8', '10.0.0.0/-1'])(
    'rejects the CIDR %j',
    (value) => {
      expect(cidr.test(value)).toBe(false);
    },
  );

  it('accepts exactly the dotted-quad/prefix strings that name an IPv4 network', () => {
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(octets, fc.nat(32), (parts, prefix) => {
        const text = parts.join('.');
        expect(address.test(text)).toBe(true);
        expect(cidr.test(`${text}/${prefix}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(octets, fc.integer({ min: 256, max: 999 }), fc.nat(3), (parts, big, index) => {
        const text = parts.map((part, i) => (i === index ? big : part)).join('.');
        expect(address.test(text)).toBe(false);
        expect(cidr.test(`${text}/24`)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
