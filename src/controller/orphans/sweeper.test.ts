// The sweep against in-memory caches and a scripted provider: when it looks, what it removes or
// reports, and what it never touches.
import { describe, expect, it } from '@jest/globals';
import type { OwnedResource } from '../../providers/contract.js';
import { silentLogger } from '../../util/logger.js';
import { testContext, type TestContext } from '../reconciler.test-support.js';
import { createOrphanSweeper, type OrphanSweepOptions } from './sweeper.js';

const ORPHAN: OwnedResource = { kind: 'subnet', id: 'pool-gone', name: 'tnc-gone', project: 'gone', ownerUid: 'uid-gone' };
const KEPT: OwnedResource = { kind: 'subnet', id: 'pool-web', name: 'tnc-web', project: 'web', ownerUid: 'uid-web' };
const OLD_VPC: OwnedResource = { kind: 'vpc', id: 'rtr-gone', name: 'ks-ws.gone.1234', workspace: 'gone' };

function setup(mode: OrphanSweepOptions['mode'], owned: OwnedResource[] = [OLD_VPC, ORPHAN, KEPT]) {
  const t: TestContext = testContext();
  t.caches.projectNetworks.put({ apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectNetwork', metadata: { name: 'web', uid: 'uid-web' }, spec: { workspace: 'shop' } });
  let clock = 0;
  const deleted: string[] = [];
  const provider = {
    ...t.ctx.provider,
    listOwned: () => Promise.resolve(owned.filter((r) => !deleted.includes(r.id))),
    deleteOwned: (r: OwnedResource) => {
      deleted.push(r.id);
      return Promise.resolve();
    },
  };
  const sweeper = createOrphanSweeper(
    { mode, periodMs: 60_000, graceMs: 1000, controllerNamespace: 'tenant-network-system' },
    { provider, caches: t.caches, events: t.ctx.events, metrics: t.ctx.metrics, log: silentLogger(), now: () => clock },
  );
  const sweep = async () => {
    const report = await sweeper.sweepOnce(new AbortController().signal);
    await t.flush();
    return report;
  };
  return { t, sweep, deleted, advance: (ms: number) => { clock += ms; } };
}

describe('the orphan sweep', () => {
  it('removes what nothing refers to once the grace period is over, subnets first, with a metric and Events', async () => {
    const { t, sweep, deleted, advance } = setup('remove');
    expect(await sweep()).toEqual({ swept: true, owned: 3, orphans: 2, removed: 0 });
    advance(1000);
    expect(await sweep()).toEqual({ swept: true, owned: 3, orphans: 2, removed: 2 });
    expect(deleted).toEqual(['pool-gone', 'rtr-gone']);
    expect(t.events.map((e) => `${e.type} ${e.reason} ${e.regarding}`)).toEqual(['Normal OrphanRemoved Namespace/tenant-network-system', 'Normal OrphanRemoved Namespace/tenant-network-system']);
    const metrics = await t.registry.metrics();
    expect(metrics).toContain('tenant_network_orphaned_resources_removed_total{kind="subnet"} 1');
    expect(metrics).toContain('tenant_network_orphaned_resources{kind="subnet"} 1');
  });

  it('only reports in report mode, once per resource', async () => {
    const { t, sweep, deleted, advance } = setup('report', [ORPHAN]);
    await sweep();
    advance(1000);
    await sweep();
    advance(1000);
    await sweep();
    expect(deleted).toEqual([]);
    expect(t.events.map((e) => `${e.type} ${e.reason}`)).toEqual(['Warning OrphanFound']);
  });

  it('keeps a resource that gained a ProjectNetwork during its grace period', async () => {
    const { t, sweep, deleted, advance } = setup('remove', [ORPHAN]);
    await sweep();
    t.caches.projectNetworks.put({ apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectNetwork', metadata: { name: 'gone', uid: 'uid-gone' }, spec: { workspace: 'shop' } });
    advance(5000);
    expect(await sweep()).toEqual({ swept: true, owned: 1, orphans: 0, removed: 0 });
    expect(deleted).toEqual([]);
  });

  it('does not look before the caches have synced', async () => {
    const { t, sweep } = setup('remove');
    t.caches.projectNetworks.hasSynced = () => false;
    expect(await sweep()).toEqual({ swept: false, reason: 'caches not synced' });
  });
});
