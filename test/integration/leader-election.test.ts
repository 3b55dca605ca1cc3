// Two candidates on one Lease: exactly one leads; the other takes over after a clean release
// (at once) and after a crash (within the lease duration), and their leading periods never overlap.
import { describe, expect, it } from '@jest/globals';
import { KubeClient } from '../../src/kube/kube-client.js';
import { LeaderElector } from '../../src/kube/leader-election.js';
import { CORE } from '../../src/kube/resource.js';
import { sharedCluster } from '../harness/shared.js';
import { eventually } from '../support/eventually.js';

interface Period {
  identity: string;
  start: number;
  end: number | undefined;
}

async function candidates(namespace: string, lease: string): Promise<{ electors: LeaderElector[]; periods: Period[]; clients: KubeClient[] }> {
  const cluster = sharedCluster();
  const periods: Period[] = [];
  const clients: KubeClient[] = [];
  const electors: LeaderElector[] = [];
  for (const identity of ['replica-a', 'replica-b']) {
    const client = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    clients.push(client);
    electors.push(new LeaderElector({
      client,
      namespace,
      name: lease,
      identity,
      // client-go defaults: 15 s lease, 10 s renew deadline, 2 s retry.
      onStartedLeading: (signal) => {
        const period: Period = { identity, start: Date.now(), end: undefined };
        periods.push(period);
        signal.addEventListener('abort', () => { period.end = Date.now(); });
      },
    }));
  }
  return { electors, periods, clients };
}

function assertNoOverlap(periods: readonly Period[]): void {
  const sorted = [...periods].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    expect(previous?.end).toBeDefined();
    expect(sorted[i]?.start).toBeGreaterThanOrEqual(previous?.end ?? Infinity);
  }
}

describe('leader election', () => {
  it('fails over at once after a clean release and within the lease duration after a crash', async () => {
    const admin = await KubeClient.fromKubeConfig(sharedCluster().adminKubeConfig());
    const namespace = 'leader-election';
    await admin.create(CORE.namespaces, { metadata: { name: namespace } });
    const { electors, periods, clients } = await candidates(namespace, 'tnc');
    const [a, b] = electors as [LeaderElector, LeaderElector];

    a.start();
    await eventually(() => { expect(a.isLeader).toBe(true); });
    b.start();
    await new Promise((r) => setTimeout(r, 5000));
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);

    // Clean release: the standby takes over on its next retry (≤ 2.4 s with jitter).
    const releasedAt = Date.now();
    await a.stop();
    await eventually(() => { expect(b.isLeader).toBe(true); }, 15_000);
    const cleanFailoverMs = Date.now() - releasedAt;
    expect(cleanFailoverMs).toBeLessThan(5000);

    // Crash: a new candidate must wait until the record has been stale for a lease duration.
    const cluster = sharedCluster();
    const cClient = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
    clients.push(cClient);
    let cStarted = 0;
    const c = new LeaderElector({ client: cClient, namespace, name: 'tnc', identity: 'replica-c', onStartedLeading: (signal) => {
      cStarted = Date.now();
      const period: Period = { identity: 'replica-c', start: cStarted, end: undefined };
      periods.push(period);
      signal.addEventListener('abort', () => { period.end = Date.now(); });
    } });
    c.start();
    await new Promise((r) => setTimeout(r, 3000));
    expect(c.isLeader).toBe(false);
    const crashedAt = Date.now();
    await b.stop({ release: false });
    await eventually(() => { expect(c.isLeader).toBe(true); }, 25_000, 100);
    const crashFailoverMs = cStarted - crashedAt;
    expect(crashFailoverMs).toBeLessThanOrEqual(15_000 + 2_400 + 500);

    await c.stop();
    assertNoOverlap(periods);
    process.stderr.write(`[failover] clean release: ${cleanFailoverMs} ms; crash: ${crashFailoverMs} ms (lease 15 s)\n`);
    const lease = await admin.get<{ spec?: { leaseTransitions?: number; holderIdentity?: string } } & { metadata?: object }>(CORE.leases, 'tnc', namespace);
    expect(lease.spec?.leaseTransitions).toBe(2);
    expect(lease.spec?.holderIdentity ?? '').toBe('');
    await Promise.all([admin.close(), ...clients.map((x) => x.close())]);
  }, 90_000);
});
