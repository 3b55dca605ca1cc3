import { describe, expect, it } from '@jest/globals';
import { formatCidr } from '../../ipam/index.js';
import { checkSubnetRange, checkVpcRange } from './requests.js';

describe('checkVpcRange', () => {
  it.each([
    { cidr: '10.128.0.0/16', code: undefined },
    { cidr: '10.128.0.1/16', code: 'CIDRNotAligned' },
    { cidr: 'not-a-cidr', code: 'InvalidCIDR' },
    { cidr: 'fd00::/48', code: 'UnsupportedIPFamily' },
  ])('$cidr → $code', ({ cidr, code }) => {
    const result = checkVpcRange(cidr);
    if (code === undefined) {
      expect(result.ok && formatCidr(result.cidr)).toBe(cidr);
    } else {
      expect(result).toMatchObject({ ok: false, code });
    }
  });
});

describe('checkSubnetRange', () => {
  it.each([
    { cidr: '10.128.3.0/24', vpc: '10.128.0.0/16', blockSize: 28, code: undefined },
    { cidr: '10.128.3.0/28', vpc: '10.128.0.0/16', blockSize: 28, code: undefined },
    { cidr: '10.128.0.0/16', vpc: '10.128.0.0/16', blockSize: 26, code: undefined },
    { cidr: '10.128.3.0/29', vpc: '10.128.0.0/16', blockSize: 28, code: 'BlockSizeTooLarge' },
    { cidr: '10.128.3.0/24', vpc: '10.128.0.0/16', blockSize: 23, code: 'BlockSizeTooLarge' },
    { cidr: '10.129.3.0/24', vpc: '10.128.0.0/16', blockSize: 28, code: 'SubnetOutsideVpc' },
    { cidr: '10.0.0.0/8', vpc: '10.128.0.0/16', blockSize: 28, code: 'SubnetOutsideVpc' },
    { cidr: '10.128.3.1/24', vpc: '10.128.0.0/16', blockSize: 28, code: 'CIDRNotAligned' },
    { cidr: '10.128.3.0', vpc: '10.128.0.0/16', blockSize: 28, code: 'InvalidCIDR' },
    { cidr: '10.128.3.0/24', vpc: 'nonsense', blockSize: 28, code: 'InvalidCIDR' },
  ])('$cidr in $vpc with /$blockSize blocks → $code', ({ cidr, vpc, blockSize, code }) => {
    const result = checkSubnetRange(cidr, vpc, blockSize);
    if (code === undefined) {
      expect(result.ok && formatCidr(result.cidr)).toBe(cidr);
    } else {
      expect(result).toMatchObject({ ok: false, code });
    }
  });

  it('names the subnet and the block size when a subnet is smaller than a block', () => {
    const result = checkSubnetRange('10.128.3.0/30', '10.128.0.0/16', 28);
    expect(result.ok ? '' : result.message).toMatch(/10\.128\.3\.0\/30 is smaller than one Calico block \(\/28\)/);
  });
});
