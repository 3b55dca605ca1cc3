// Who leads, second by second: polls the controller's Lease and records every change of holder, so a
// test can tell how long the cluster had no leader (the old holder's last renewal to the new holder's
// acquisition) while pods roll.
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import { CORE } from '../../../src/kube/resource.js';

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; renewTime?: string; acquireTime?: string; leaseDurationSeconds?: number };
}

export interface LeaderChange {
  readonly from: string | undefined;
  readonly to: string | undefined;
  /** From the old holder's last renewal to the new holder's acquisition, in ms. */
  readonly gapMs: number;
}

export interface LeaseWatch {
  readonly changes: readonly LeaderChange[];
  holder(): string | undefined;
  stop(): Promise<void>;
}

export function watchLease(client: KubeClient, namespace: string, name: string, intervalMs = 200): LeaseWatch {
  const changes: LeaderChange[] = [];
  let last: Lease['spec'] | undefined;
  const stop = new AbortController();
  const loop = (async (): Promise<void> => {
    while (!stop.signal.aborted) {
      const lease = await client.get<Lease>(CORE.leases, name, namespace).catch(() => undefined);
      const spec = lease?.spec;
      const holder = spec?.holderIdentity === '' ? undefined : spec?.holderIdentity;
      const previous = last?.holderIdentity === '' ? undefined : last?.holderIdentity;
      if (last !== undefined && holder !== previous) {
        const lastRenew = Date.parse(last.renewTime ?? '');
        const acquired = Date.parse(spec?.acquireTime ?? spec?.renewTime ?? '');
        changes.push({ from: previous, to: holder, gapMs: Number.isNaN(lastRenew) || Number.isNaN(acquired) ? Number.NaN : Math.max(0, acquired - lastRenew) });
      }
      if (spec !== undefined) last = spec;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    changes,
    holder: () => (last?.holderIdentity === '' ? undefined : last?.holderIdentity),
    stop: async () => {
      stop.abort();
      await loop;
    },
  };
}
