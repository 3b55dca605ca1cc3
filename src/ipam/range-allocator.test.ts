import { describe, expect, it } from '@jest/globals';
import { createRangeAllocator, type RangeAllocator, type RangeAllocatorConfig } from './range-allocator.js';
import type { IpamFailureReason } from './results.js';
import { createSubnetAllocator } from './subnet-allocator.js';

function allocator(config: Partial<RangeAllocatorConfig> & Pick<RangeAllocatorConfig, 'parent'>): RangeAllocator {
  const created = createRangeAllocator({ kind: 'subnet', prefixLength: 24, ...config });
  if (!created.ok) throw new Error(created.message);
  return created.allocator;
}

function allocateAll(subject: RangeAllocator, owners: readonly string[]): string[] {
  return owners.map((owner) => {
    const result = subject.allocate(owner);
    if (!result.ok) throw new Error(`${owner}: ${result.message}`);
    return result.cidr;
  });
}

describe('createRangeAllocator configuration', () => {
  it.each([
    [{ parent: 'nonsense' }, 'parent range'],
    [{ parent: '10.0.0.1/16' }, 'host bits'],
    [{ parent: '10.0.0.0/16', prefixLength: 15 }, 'prefixLength 15'],
    [{ parent: '10.0.0.0/16', prefixLength: 33 }, 'prefixLength 33'],
    [{ parent: '10.0.0.0/16', prefixLength: 24.5 }, 'prefixLength 24.5'],
    [{ parent: '10.0.0.0/16', minPrefixLength: 12 }, 'minPrefixLength 12'],
    [{ parent: '10.0.0.0/16', minPrefixLength: 25 }, 'prefixLength 24'],
    [{ parent: '10.0.0.0/16', maxPrefixLength: 23 }, 'prefixLength 24'],
    [{ parent: '10.0.0.0/16', minPrefixLength: 20, maxPrefixLength: 19 }, 'maxPrefixLength 19'],
  ] as const)('rejects %j (%s)', (config, inMessage) => {
    const created = createRangeAllocator({ kind: 'subnet', prefixLength: 24, ...config });
    expect(created).toMatchObject({ ok: false, reason: 'InvalidAllocatorConfig' });
    if (!created.ok) expect(created.message).toContain(inMessage);
  });

  it('defaults request bounds to the parent size … a single address', () => {
    const subject = allocator({ parent: '10.0.0.0/16' });
    expect([subject.minPrefixLength, subject.prefixLength, subject.maxPrefixLength]).toEqual([16, 24, 32]);
  });
});

describe('allocate', () => {
  it('hands out default-size blocks from the bottom, then reports exhaustion', () => {
    const subject = allocator({ parent: '10.0.0.0/22' });
    expect(allocateAll(subject, ['a', 'b', 'c', 'd'])).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    expect(subject.allocate('e')).toEqual({
      ok: false,
      reason: 'NoAvailableSubnet',
      message: 'no free /24 subnet left in 10.0.0.0/22 (4 of 4 in use)',
    });
  });

  it.each([
    ['subnet', 'NoAvailableSubnet'],
    ['vpc', 'NoAvailableVPCRange'],
  ] as const)('a %s allocator reports exhaustion as %s', (kind, reason) => {
    const subject = allocator({ kind, parent: '10.0.0.0/24' });
    expect(subject.allocate('a').ok).toBe(true);
    expect(subject.allocate('b')).toMatchObject({ ok: false, reason });
  });

  it('is idempotent per owner, also for a range that was requested', () => {
    const subject = allocator({ parent: '10.0.0.0/16' });
    expect(subject.allocate('a')).toMatchObject({ ok: true, cidr: '10.0.0.0/24', existing: false });
    expect(subject.allocate('a')).toMatchObject({ ok: true, cidr: '10.0.0.0/24', existing: true });
    expect(subject.allocateSpecific('b', '10.0.8.0/22')).toMatchObject({ ok: true, existing: false });
    expect(subject.allocate('b')).toMatchObject({ ok: true, cidr: '10.0.8.0/22', existing: true });
    expect(subject.allocateSpecific('b', '10.0.8.0/22')).toMatchObject({ ok: true, existing: true });
    expect(subject.utilisation().allocations).toBe(2);
  });

  it('rejects an empty owner', () => {
    expect(allocator({ parent: '10.0.0.0/16' }).allocate('')).toMatchObject({ ok: false, reason: 'InvalidOwner' });
  });

  it('skips blocks overlapping requested ranges of other sizes', () => {
    const subject = allocator({ parent: '10.0.0.0/22' });
    expect(subject.allocateSpecific('big', '10.0.0.0/23').ok).toBe(true);
    expect(subject.allocateSpecific('small', '10.0.3.128/25').ok).toBe(true);
    expect(subject.allocate('a')).toMatchObject({ ok: true, cidr: '10.0.2.0/24' });
    // 10.0.3.0/24 is half taken, so no whole /24 is left.
    expect(subject.allocate('b')).toMatchObject({ ok: false, reason: 'NoAvailableSubnet' });
  });
});

describe('allocateSpecific failure reasons', () => {
  // Parent 10.1.0.0/16, default /24, requests /20 … /28; `a` holds 10.1.0.0/24 and `b` 10.1.4.0/22.
  function populated(): RangeAllocator {
    const subject = allocator({ parent: '10.1.0.0/16', minPrefixLength: 20, maxPrefixLength: 28 });
    expect(subject.allocateSpecific('a', '10.1.0.0/24').ok).toBe(true);
    expect(subject.allocateSpecific('b', '10.1.4.0/22').ok).toBe(true);
    return subject;
  }

  it.each<[string, string, IpamFailureReason, string, string[]]>([
    ['x', 'bogus', 'InvalidCIDR', "'bogus' is not a CIDR", []],
    ['x', '10.1.1.0', 'InvalidCIDR', 'prefix-length', []],
    ['x', '10.1.1.5/24', 'CIDRNotAligned', '10.1.1.0/24', []],
    ['x', 'fd00::/64', 'UnsupportedIPFamily', 'IPv6', []],
    ['', '10.1.9.0/24', 'InvalidOwner', 'owner', []],
    ['x', '10.2.0.0/24', 'CIDROutsideParent', '10.2.0.0/24 is not inside the VPC range 10.1.0.0/16', []],
    ['x', '10.0.0.0/8', 'CIDROutsideParent', 'not inside', []],
    ['x', '10.1.0.0/19', 'PrefixTooSmall', 'at least /20', []],
    ['x', '10.1.9.0/29', 'PrefixTooLarge', 'at most /28', []],
    ['x', '10.1.0.128/25', 'CIDROverlaps', '10.1.0.128/25 overlaps 10.1.0.0/24 held by a', ['a']],
    ['x', '10.1.0.0/23', 'CIDROverlaps', 'overlaps 10.1.0.0/24 held by a', ['a']],
    ['x', '10.1.5.0/24', 'CIDROverlaps', 'overlaps 10.1.4.0/22 held by b', ['b']],
    ['x', '10.1.0.0/20', 'CIDROverlaps', 'overlaps', ['a', 'b']],
    ['a', '10.1.9.0/24', 'OwnerHoldsOtherCIDR', 'a already holds 10.1.0.0/24', ['a']],
  ])('owner %j requesting %s fails with %s', (owner, cidr, reason, inMessage, conflictOwners) => {
    const subject = populated();
    const result = subject.allocateSpecific(owner, cidr);
    expect(result).toMatchObject({ ok: false, reason });
    if (result.ok) return;
    expect(result.message).toContain(inMessage);
    if (conflictOwners.length === 0) expect(result.conflict).toBeUndefined();
    else expect(conflictOwners).toContain(result.conflict?.owner);
    expect(subject.allocations()).toEqual([
      { owner: 'a', cidr: '10.1.0.0/24' },
      { owner: 'b', cidr: '10.1.4.0/22' },
    ]);
  });

  it.each(['10.1.8.0/24', '10.1.1.0/28', '10.1.16.0/20', '10.1.3.240/28'])('accepts a free, aligned %s', (cidr) => {
    const subject = populated();
    expect(subject.allocateSpecific('x', cidr)).toMatchObject({ ok: true, owner: 'x', cidr, existing: false });
    expect(subject.ownerOf(cidr)).toBe('x');
  });

  it('takes a Cidr object as well as text', () => {
    const subject = populated();
    const result = subject.allocateSpecific('x', { family: 'IPv4', base: 10 * 2 ** 24 + 2 ** 16 + 8 * 256, prefixLength: 24 });
    expect(result).toMatchObject({ ok: true, cidr: '10.1.8.0/24' });
  });
});

describe('release', () => {
  it('frees exactly the owner’s range', () => {
    const subject = allocator({ parent: '10.0.0.0/16' });
    allocateAll(subject, ['a', 'b']);
    expect(subject.release('a')).toMatchObject({ ok: true, owner: 'a', cidr: '10.0.0.0/24' });
    expect(subject.cidrOf('a')).toBeUndefined();
    expect(subject.cidrOf('b')).toBe('10.0.1.0/24');
    expect(subject.release('a')).toMatchObject({ ok: false, reason: 'NotAllocated' });
    expect(subject.allocateSpecific('c', '10.0.0.0/24').ok).toBe(true);
  });

  it.each([
    ['10.0.0.0/24', 'a', undefined, ''],
    ['10.0.0.0/25', undefined, 'NotAllocated', 'overlaps 10.0.0.0/24 held by a'],
    ['10.0.0.0/23', undefined, 'NotAllocated', 'overlaps 10.0.0.0/24 held by a'],
    ['10.0.9.0/24', undefined, 'NotAllocated', '10.0.9.0/24 is not allocated in 10.0.0.0/16'],
    ['10.9.0.0/24', undefined, 'NotAllocated', 'is not allocated'],
    ['10.0.0.1/24', undefined, 'CIDRNotAligned', 'host bits'],
  ])('releaseCidr %s releases %s (else %s: %s)', (cidr, owner, reason, inMessage) => {
    const subject = allocator({ parent: '10.0.0.0/16' });
    allocateAll(subject, ['a']);
    const result = subject.releaseCidr(cidr);
    if (owner !== undefined) {
      expect(result).toMatchObject({ ok: true, owner, cidr });
      expect(subject.cidrOf(owner)).toBeUndefined();
      return;
    }
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toContain(inMessage);
    expect(subject.cidrOf('a')).toBe('10.0.0.0/24');
  });
});

describe('reuse order', () => {
  it('prefers never-used blocks over released ones', () => {
    const subject = allocator({ parent: '10.0.0.0/21' });
    allocateAll(subject, ['a', 'b']);
    subject.release('a');
    expect(allocateAll(subject, ['c'])).toEqual(['10.0.2.0/24']);
  });

  it('reuses released blocks least recently released first', () => {
    const subject = allocator({ parent: '10.0.0.0/22' });
    allocateAll(subject, ['a', 'b', 'c', 'd']);
    subject.release('c');
    subject.release('a');
    subject.release('d');
    expect(allocateAll(subject, ['e', 'f', 'g'])).toEqual(['10.0.2.0/24', '10.0.0.0/24', '10.0.3.0/24']);
  });

  it('splits a released larger range into default blocks, in address order', () => {
    const subject = allocator({ parent: '10.0.0.0/22' });
    subject.allocateSpecific('big', '10.0.2.0/23');
    allocateAll(subject, ['a', 'b']);
    subject.release('a');
    subject.release('big');
    expect(allocateAll(subject, ['c', 'd', 'e'])).toEqual(['10.0.0.0/24', '10.0.2.0/24', '10.0.3.0/24']);
  });

  it('reuses a block only when every part of it is free, at its latest release', () => {
    const subject = allocator({ parent: '10.0.0.0/23' });
    subject.allocateSpecific('x', '10.0.0.0/25');
    subject.allocateSpecific('y', '10.0.0.128/25');
    allocateAll(subject, ['a']);
    subject.release('x');
    expect(subject.allocate('b')).toMatchObject({ ok: false, reason: 'NoAvailableSubnet' });
    subject.release('a');
    subject.release('y');
    // 10.0.0.0/24 became whole with y's release, after a's.
    expect(allocateAll(subject, ['c', 'd'])).toEqual(['10.0.1.0/24', '10.0.0.0/24']);
  });

  it('moves a block released again to the back of the queue', () => {
    const subject = allocator({ parent: '10.0.0.0/22' });
    allocateAll(subject, ['a', 'b', 'c', 'd']);
    subject.release('a');
    subject.release('b');
    subject.allocateSpecific('x', '10.0.0.0/25');
    subject.release('x');
    expect(allocateAll(subject, ['e', 'f'])).toEqual(['10.0.1.0/24', '10.0.0.0/24']);
  });

  it('after a restart, finds a gap right after a restored larger range', () => {
    const before = allocator({ parent: '10.0.0.0/22' });
    before.allocateSpecific('big', '10.0.0.0/23');
    allocateAll(before, ['gap', 'top']);
    before.release('gap');
    const after = allocator({ parent: '10.0.0.0/22' });
    for (const { owner, cidr } of before.allocations()) after.restore(owner, cidr);
    expect(after.peekNextFree()).toMatchObject({ cidr: '10.0.2.0/24', tier: 'gap' });
    expect(allocateAll(after, ['n'])).toEqual(['10.0.2.0/24']);
  });

  it('skips a released block taken again by a request', () => {
    const subject = allocator({ parent: '10.0.0.0/22' });
    allocateAll(subject, ['a', 'b', 'c', 'd']);
    subject.release('a');
    subject.release('b');
    subject.allocateSpecific('x', '10.0.0.64/26');
    expect(allocateAll(subject, ['e'])).toEqual(['10.0.1.0/24']);
    expect(subject.allocate('f')).toMatchObject({ ok: false, reason: 'NoAvailableSubnet' });
    subject.release('x');
    expect(allocateAll(subject, ['f'])).toEqual(['10.0.0.0/24']);
  });

  it('after a restart, treats gaps below restored ranges as the oldest releases', () => {
    const before = allocator({ parent: '10.0.0.0/21' });
    allocateAll(before, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    before.release('p2');
    before.release('p4');

    const after = allocator({ parent: '10.0.0.0/21' });
    for (const { owner, cidr } of before.allocations()) expect(after.restore(owner, cidr)).toMatchObject({ ok: true, existing: false });
    after.release('p1');
    expect(after.peekNextFree()).toEqual({ cidr: '10.0.6.0/24', tier: 'fresh', releasedAt: 0 });
    expect(allocateAll(after, ['n6', 'n7'])).toEqual(['10.0.6.0/24', '10.0.7.0/24']);
    expect(after.peekNextFree()).toEqual({ cidr: '10.0.2.0/24', tier: 'gap', releasedAt: 0 });
    expect(allocateAll(after, ['n2', 'n4'])).toEqual(['10.0.2.0/24', '10.0.4.0/24']);
    expect(after.peekNextFree()).toMatchObject({ cidr: '10.0.1.0/24', tier: 'released' });
    expect(allocateAll(after, ['n1'])).toEqual(['10.0.1.0/24']);
    expect(after.peekNextFree()).toBeUndefined();
  });
});

describe('restore', () => {
  it('reports conflicts instead of overwriting', () => {
    const subject = allocator({ parent: '10.0.0.0/16' });
    expect(subject.restore('a', '10.0.1.0/24')).toMatchObject({ ok: true, existing: false });
    expect(subject.restore('a', '10.0.1.0/24')).toMatchObject({ ok: true, existing: true });
    expect(subject.restore('b', '10.0.1.0/25')).toMatchObject({
      ok: false,
      reason: 'CIDROverlaps',
      message: '10.0.1.0/25 overlaps 10.0.1.0/24 held by a',
      conflict: { owner: 'a', cidr: '10.0.1.0/24' },
    });
    expect(subject.restore('a', '10.0.2.0/24')).toMatchObject({
      ok: false,
      reason: 'OwnerHoldsOtherCIDR',
      conflict: { owner: 'a', cidr: '10.0.1.0/24' },
    });
    expect(subject.restore('c', '10.1.0.0/24')).toMatchObject({ ok: false, reason: 'CIDROutsideParent' });
    expect(subject.allocations()).toEqual([{ owner: 'a', cidr: '10.0.1.0/24' }]);
  });

  it('keeps ranges that no longer fit the size limits (only requests are limited)', () => {
    const subject = allocator({ parent: '10.0.0.0/16', minPrefixLength: 24, maxPrefixLength: 24 });
    expect(subject.allocateSpecific('a', '10.0.1.0/26')).toMatchObject({ ok: false, reason: 'PrefixTooLarge' });
    expect(subject.restore('a', '10.0.1.0/26')).toMatchObject({ ok: true, cidr: '10.0.1.0/26' });
    expect(subject.restore('b', '10.0.4.0/22')).toMatchObject({ ok: true, cidr: '10.0.4.0/22' });
  });
});

describe('queries', () => {
  it('answers who holds what and what is used', () => {
    const subject = allocator({ parent: '10.0.0.0/22' });
    subject.allocateSpecific('small', '10.0.1.0/26');
    subject.allocateSpecific('big', '10.0.2.0/23');
    expect(subject.ownerOf('10.0.2.0/23')).toBe('big');
    expect(subject.ownerOf('10.0.2.0/24')).toBeUndefined();
    expect(subject.ownerOf('garbage')).toBeUndefined();
    expect(subject.cidrOf('small')).toBe('10.0.1.0/26');
    expect(subject.conflictWith('10.0.3.0/24')).toEqual({ owner: 'big', cidr: '10.0.2.0/23' });
    expect(subject.conflictWith('10.0.0.0/23')).toEqual({ owner: 'small', cidr: '10.0.1.0/26' });
    expect(subject.conflictWith('10.0.0.0/24')).toBeUndefined();
    expect(subject.utilisation()).toEqual({
      parent: '10.0.0.0/22',
      allocations: 2,
      blockPrefixLength: 24,
      totalBlocks: 4,
      usedBlocks: 3,
      freeBlocks: 1,
      totalAddresses: 1024,
      usedAddresses: 64 + 512,
    });
    expect(subject.allocations().map((record) => record.owner)).toEqual(['small', 'big']);
  });
});

describe('createSubnetAllocator', () => {
  it('defaults to /24 subnets and refuses subnets too small for a gateway and a pod', () => {
    const created = createSubnetAllocator({ vpcCidr: '10.3.0.0/16' });
    if (!created.ok) throw new Error(created.message);
    expect(created.allocator.allocate('p')).toMatchObject({ ok: true, cidr: '10.3.0.0/24' });
    expect(created.allocator.allocateSpecific('q', '10.3.1.0/30').ok).toBe(true);
    expect(created.allocator.allocateSpecific('r', '10.3.2.0/31')).toMatchObject({ ok: false, reason: 'PrefixTooLarge' });
  });

  it('supports a provider with one fixed subnet size (QingCloud: /24 only)', () => {
    const created = createSubnetAllocator({ vpcCidr: '172.16.0.0/16', minPrefixLength: 24, maxPrefixLength: 24 });
    if (!created.ok) throw new Error(created.message);
    expect(created.allocator.allocateSpecific('p', '172.16.7.0/24').ok).toBe(true);
    expect(created.allocator.allocateSpecific('q', '172.16.8.0/23')).toMatchObject({ ok: false, reason: 'PrefixTooSmall' });
    expect(created.allocator.utilisation().totalBlocks).toBe(256);
  });
});

describe('at scale', () => {
  it('hands out every /24 of a /8 exactly once, then reuses them in release order', () => {
    const subject = allocator({ parent: '10.0.0.0/8' });
    const total = 2 ** 16;
    const seen = new Set<string>();
    for (let i = 0; i < total; i++) {
      const result = subject.allocate(`p${i}`);
      if (!result.ok) throw new Error(result.message);
      seen.add(result.cidr);
    }
    expect(seen.size).toBe(total);
    expect(subject.allocate('one-too-many')).toMatchObject({ ok: false, reason: 'NoAvailableSubnet' });
    // Release every third project, from the top down; reuse must follow exactly that order.
    const released: string[] = [];
    for (let i = total - 1; i >= 0; i -= 3) {
      const result = subject.release(`p${i}`);
      if (!result.ok) throw new Error(result.message);
      released.push(result.cidr);
    }
    expect(subject.utilisation().freeBlocks).toBe(released.length);
    const reused = released.map((_, i) => {
      const result = subject.allocate(`q${i}`);
      if (!result.ok) throw new Error(result.message);
      return result.cidr;
    });
    expect(reused).toEqual(released);
    expect(subject.utilisation()).toMatchObject({ allocations: total, usedBlocks: total, freeBlocks: 0 });
  });
});
