import { describe, expect, it } from '@jest/globals';
import type { OwnedResource } from '../../providers/contract.js';
import { keyOf, planOrphanSweep } from './plan.js';
import { isReferenced, referencesOf, type ReferenceSources } from './references.js';

const world: ReferenceSources = {
  workspaces: [{ metadata: { name: 'shop', uid: 'aaaa1111-0000-0000-0000-000000000000' } }],
  workspaceNetworks: [{ metadata: { name: 'bank', ownerReferences: [{ uid: 'bbbb2222-0000-0000-0000-000000000000' }] }, status: { vpcId: 'rtr-bank' } }],
  projectNetworks: [{ metadata: { name: 'web', uid: 'cccc3333-0000-0000-0000-000000000000' }, spec: { workspace: 'shop' }, status: { subnetId: 'vxnet-web', vpcId: 'rtr-shop' } }],
};
const refs = referencesOf(world);
const subnet = (id: string, extra: Partial<OwnedResource> = {}): OwnedResource => ({ kind: 'subnet', id, name: `name-${id}`, ...extra });
const vpc = (id: string, extra: Partial<OwnedResource> = {}): OwnedResource => ({ kind: 'vpc', id, name: `name-${id}`, ...extra });

describe('isReferenced', () => {
  it.each([
    ['a subnet whose id a ProjectNetwork records', subnet('vxnet-web'), true],
    ['a subnet made for a project that has a ProjectNetwork', subnet('vxnet-x', { project: 'web' }), true],
    ['a subnet whose owner UID prefix is a ProjectNetwork\'s', subnet('vxnet-x', { ownerUid: 'cccc33330000' }), true],
    ['a subnet of a project that is gone', subnet('vxnet-old', { project: 'gone', ownerUid: 'dddd44440000' }), false],
    ['a subnet with nothing to go by', subnet('vxnet-bare'), false],
    ['a VPC whose id a WorkspaceNetwork records', vpc('rtr-bank'), true],
    ['a VPC whose id only a ProjectNetwork records', vpc('rtr-shop'), true],
    ['a VPC of a workspace that exists', vpc('rtr-x', { workspace: 'shop' }), true],
    ['a VPC whose owner UID is a workspace\'s', vpc('rtr-x', { ownerUid: 'bbbb22220000' }), true],
    ['a VPC of a workspace that is gone', vpc('rtr-old', { workspace: 'gone', ownerUid: 'eeee55550000' }), false],
  ])('%s: %s', (_name, resource, expected) => {
    expect(isReferenced(resource, refs)).toBe(expected);
  });
});

describe('planOrphanSweep', () => {
  const orphanSubnet = subnet('vxnet-old', { project: 'gone' });
  const orphanVpc = vpc('rtr-old', { workspace: 'gone' });
  const owned = [orphanVpc, subnet('vxnet-web'), orphanSubnet];

  it('notes orphans when first seen and takes none of them yet', () => {
    const plan = planOrphanSweep({ owned, references: refs, firstSeen: new Map(), nowMs: 1000, graceMs: 500 });
    expect(plan.orphans).toEqual([orphanVpc, orphanSubnet]);
    expect(plan.due).toEqual([]);
    expect([...plan.firstSeen]).toEqual([[keyOf(orphanVpc), 1000], [keyOf(orphanSubnet), 1000]]);
  });

  it('takes orphans seen for the whole grace period, subnets before VPCs', () => {
    const firstSeen = new Map([[keyOf(orphanVpc), 1000], [keyOf(orphanSubnet), 1000]]);
    expect(planOrphanSweep({ owned, references: refs, firstSeen, nowMs: 1499, graceMs: 500 }).due).toEqual([]);
    expect(planOrphanSweep({ owned, references: refs, firstSeen, nowMs: 1500, graceMs: 500 }).due).toEqual([orphanSubnet, orphanVpc]);
  });

  it('forgets a resource referenced again, so its grace starts over', () => {
    const firstSeen = new Map([[keyOf(orphanSubnet), 0]]);
    const adopted = planOrphanSweep({ owned: [subnet('vxnet-old', { project: 'web' })], references: refs, firstSeen, nowMs: 10_000, graceMs: 500 });
    expect(adopted).toEqual({ due: [], orphans: [], firstSeen: new Map() });
  });
});
