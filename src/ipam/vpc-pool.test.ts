import { describe, expect, it } from '@jest/globals';
import { createVpcPool } from './create-vpc-pool.js';
import { DEFAULT_VPC_POOL_RANGES } from './defaults.js';
import type { IpamFailureReason } from './results.js';
import type { VpcPool, VpcPoolConfig } from './vpc-pool.js';

const QINGCLOUD_VPC_RANGES = ['192.168.0.0/16', ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.0.0/16`)];

function pool(config: VpcPoolConfig): VpcPool {
  const created = createVpcPool(config);
  if (!created.ok) throw new Error(created.message);
  return created.pool;
}

function allocateAll(subject: VpcPool, owners: readonly string[]): string[] {
  return owners.map((owner) => {
    const result = subject.allocate(owner);
    if (!result.ok) throw new Error(`${owner}: ${result.message}`);
    return result.cidr;
  });
}

describe('createVpcPool configuration', () => {
  it.each<[VpcPoolConfig, string]>([
    [{ ranges: [] }, 'no ranges'],
    [{ ranges: ['10.0.0.0/33'] }, 'VPC pool range'],
    [{ ranges: ['10.0.0.1/8'] }, 'host bits'],
    [{ ranges: ['10.0.0.0/12', '10.8.0.0/16'] }, '10.0.0.0/12 and 10.8.0.0/16 overlap'],
    [{ ranges: ['10.0.0.0/20'] }, 'VPC pool range 10.0.0.0/20'],
    [{ ranges: ['10.0.0.0/8'], vpcPrefixLength: 16, maxPrefixLength: 12 }, 'prefixLength 16 must be between /8 and /12'],
    [{ ranges: ['172.16.0.0/16', '172.16.0.0/16'], rangesMayRepeat: true }, 'listed twice'],
  ])('rejects %j (%s)', (config, inMessage) => {
    const created = createVpcPool(config);
    expect(created).toMatchObject({ ok: false, reason: 'InvalidPoolConfig' });
    if (!created.ok) expect(created.message).toContain(inMessage);
  });

  it('accepts overlapping ranges when ranges may repeat (VPCs are isolated)', () => {
    expect(createVpcPool({ ranges: ['172.16.0.0/12', '172.16.0.0/16'], rangesMayRepeat: true }).ok).toBe(true);
  });

  it('cuts the default pool into 64 /16 VPC ranges', () => {
    const subject = pool({ ranges: DEFAULT_VPC_POOL_RANGES });
    expect(subject.mode).toBe('exclusive');
    expect(allocateAll(subject, ['ws-a', 'ws-b'])).toEqual(['10.128.0.0/16', '10.129.0.0/16']);
    expect(subject.utilisation()).toMatchObject({ mode: 'exclusive', vpcPrefixLength: 16, totalBlocks: 64, usedBlocks: 2, freeBlocks: 62 });
  });
});

describe('exclusive VPC pool', () => {
  const ranges = ['10.0.0.0/15', '10.8.0.0/16'];

  it('fills the ranges in configured order, then reports NoAvailableVPCRange', () => {
    const subject = pool({ ranges });
    expect(allocateAll(subject, ['a', 'b', 'c'])).toEqual(['10.0.0.0/16', '10.1.0.0/16', '10.8.0.0/16']);
    expect(subject.allocate('d')).toEqual({
      ok: false,
      reason: 'NoAvailableVPCRange',
      message: 'no free /16 VPC range left in the pool 10.0.0.0/15, 10.8.0.0/16 (3 of 3 in use)',
    });
    expect(subject.allocate('a')).toMatchObject({ ok: true, cidr: '10.0.0.0/16', existing: true });
  });

  it('reuses the least recently released range across all pool ranges', () => {
    const subject = pool({ ranges });
    allocateAll(subject, ['a', 'b', 'c']);
    subject.release('c');
    subject.release('a');
    expect(allocateAll(subject, ['d', 'e'])).toEqual(['10.8.0.0/16', '10.0.0.0/16']);
  });

  it('prefers a never-used range in a later pool range over a released one', () => {
    const subject = pool({ ranges });
    allocateAll(subject, ['a', 'b']);
    subject.release('a');
    expect(allocateAll(subject, ['c'])).toEqual(['10.8.0.0/16']);
  });

  it('after a restart, fills gaps below restored ranges before ranges released since', () => {
    const before = pool({ ranges });
    allocateAll(before, ['a', 'b', 'c']);
    before.release('a');
    const after = pool({ ranges });
    expect(after.restore('b', '10.1.0.0/16').ok).toBe(true);
    expect(after.restore('c', '10.8.0.0/16').ok).toBe(true);
    after.release('c');
    expect(allocateAll(after, ['d', 'e'])).toEqual(['10.0.0.0/16', '10.8.0.0/16']);
  });

  it.each<[string, string, IpamFailureReason, string]>([
    ['x', '10.4.0.0/16', 'CIDROutsideParent', '10.4.0.0/16 is not inside the VPC pool 10.0.0.0/15, 10.8.0.0/16'],
    ['x', '10.0.0.0/14', 'CIDROutsideParent', 'not inside the VPC pool'],
    ['x', '10.0.0.0/15', 'PrefixTooSmall', 'at least /16'],
    ['x', '10.1.0.0/21', 'PrefixTooLarge', 'at most /20'],
    ['x', '10.0.128.0/17', 'CIDROverlaps', 'overlaps 10.0.0.0/16 held by a'],
    ['a', '10.8.0.0/16', 'OwnerHoldsOtherCIDR', 'a already holds 10.0.0.0/16'],
    ['a', '10.4.0.0/16', 'OwnerHoldsOtherCIDR', 'a already holds 10.0.0.0/16'],
    ['x', '10.8.0.1/16', 'CIDRNotAligned', '10.8.0.0/16'],
    ['', '10.8.0.0/16', 'InvalidOwner', 'owner'],
  ])('owner %j requesting %s fails with %s', (owner, cidr, reason, inMessage) => {
    const subject = pool({ ranges, minPrefixLength: 16, maxPrefixLength: 20 });
    allocateAll(subject, ['a']);
    const result = subject.allocateSpecific(owner, cidr);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toContain(inMessage);
    expect(subject.utilisation().allocations).toBe(1);
  });

  it('gives requested ranges of other sizes and skips them when allocating', () => {
    const subject = pool({ ranges, maxPrefixLength: 20 });
    expect(subject.allocateSpecific('small', '10.0.16.0/20')).toMatchObject({ ok: true, existing: false });
    expect(subject.allocateSpecific('small', '10.0.16.0/20')).toMatchObject({ ok: true, existing: true });
    expect(allocateAll(subject, ['a'])).toEqual(['10.1.0.0/16']);
    expect(subject.ownersOf('10.0.16.0/20')).toEqual(['small']);
    expect(subject.ownersOf('10.0.0.0/16')).toEqual([]);
    expect(subject.cidrOf('small')).toBe('10.0.16.0/20');
  });

  it('restores recorded ranges and reports conflicts', () => {
    const subject = pool({ ranges });
    expect(subject.restore('a', '10.8.0.0/16')).toMatchObject({ ok: true, existing: false });
    expect(subject.restore('a', '10.8.0.0/16')).toMatchObject({ ok: true, existing: true });
    expect(subject.restore('b', '10.8.0.0/16')).toMatchObject({ ok: false, reason: 'CIDROverlaps', conflict: { owner: 'a' } });
    expect(subject.restore('c', '10.9.0.0/16')).toMatchObject({ ok: false, reason: 'CIDROutsideParent' });
    expect(allocateAll(subject, ['d'])).toEqual(['10.0.0.0/16']);
  });

  it('releases by owner', () => {
    const subject = pool({ ranges });
    allocateAll(subject, ['a']);
    expect(subject.release('a')).toMatchObject({ ok: true, cidr: '10.0.0.0/16' });
    expect(subject.release('a')).toMatchObject({ ok: false, reason: 'NotAllocated' });
    expect(subject.cidrOf('a')).toBeUndefined();
  });
});

describe('shared VPC pool (ranges may repeat)', () => {
  function qingcloud(): VpcPool {
    return pool({ ranges: QINGCLOUD_VPC_RANGES, rangesMayRepeat: true });
  }

  it('spreads workspaces over the allowed ranges, then repeats the least used', () => {
    const subject = qingcloud();
    const owners = Array.from({ length: 19 }, (_, i) => `ws${i}`);
    expect(allocateAll(subject, owners)).toEqual([...QINGCLOUD_VPC_RANGES, '192.168.0.0/16', '172.16.0.0/16']);
    expect(subject.ownersOf('192.168.0.0/16')).toEqual(['ws0', 'ws17']);
  });

  it('hands a released range to the next workspace, being the least used', () => {
    const subject = qingcloud();
    const owners = Array.from({ length: 17 }, (_, i) => `ws${i}`);
    allocateAll(subject, owners);
    subject.release('ws5');
    expect(allocateAll(subject, ['new'])).toEqual(['172.20.0.0/16']);
  });

  it('gives a requested allowed range even when others use it', () => {
    const subject = qingcloud();
    allocateAll(subject, ['a']);
    expect(subject.allocateSpecific('b', '192.168.0.0/16')).toMatchObject({ ok: true, cidr: '192.168.0.0/16', existing: false });
    expect(subject.restore('c', '192.168.0.0/16')).toMatchObject({ ok: true, existing: false });
    expect(subject.restore('c', '192.168.0.0/16')).toMatchObject({ ok: true, existing: true });
    expect(subject.ownersOf('192.168.0.0/16')).toEqual(['a', 'b', 'c']);
    expect(subject.utilisation()).toMatchObject({ mode: 'shared', allocations: 3 });
  });

  it.each<[string, string, IpamFailureReason, string]>([
    ['x', '172.20.1.0/24', 'CIDRNotAllowed', 'must be exactly one of 192.168.0.0/16, 172.16.0.0/16'],
    ['x', '10.0.0.0/16', 'CIDRNotAllowed', 'must be one of'],
    ['x', '172.16.0.0/12', 'CIDRNotAllowed', 'not an allowed VPC range'],
    ['a', '172.17.0.0/16', 'OwnerHoldsOtherCIDR', 'a already holds 192.168.0.0/16'],
    ['x', '192.168.0.0/12', 'CIDRNotAligned', '192.160.0.0/12'],
    ['x', 'garbage', 'InvalidCIDR', 'garbage'],
    ['', '192.168.0.0/16', 'InvalidOwner', 'owner'],
  ])('owner %j requesting %s fails with %s', (owner, cidr, reason, inMessage) => {
    const subject = qingcloud();
    allocateAll(subject, ['a']);
    for (const result of [subject.allocateSpecific(owner, cidr), subject.restore(owner, cidr)]) {
      expect(result).toMatchObject({ ok: false, reason });
      if (!result.ok) expect(result.message).toContain(inMessage);
    }
  });

  it('releases by owner and reports utilisation per range', () => {
    const subject = pool({ ranges: ['192.168.0.0/16', '172.16.0.0/16'], rangesMayRepeat: true });
    allocateAll(subject, ['a', 'b', 'c']);
    expect(subject.release('b')).toMatchObject({ ok: true, cidr: '172.16.0.0/16' });
    expect(subject.release('b')).toMatchObject({ ok: false, reason: 'NotAllocated' });
    expect(subject.utilisation()).toEqual({
      mode: 'shared',
      allocations: 2,
      ranges: [
        { cidr: '192.168.0.0/16', allocations: 2 },
        { cidr: '172.16.0.0/16', allocations: 0 },
      ],
    });
  });
});
