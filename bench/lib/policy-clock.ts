// When did each namespace's NetworkPolicy last change? One watch over all NetworkPolicies, so timing a
// toggle adds no load to the apiserver (polling a dozen objects every few milliseconds would).
import type { KubeClient, KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';

export interface PolicyClock {
  /** Resolves with performance.now() once every namespace's policy has changed after `since`. */
  allChangedAfter(namespaces: readonly string[], since: number, timeoutMs?: number): Promise<number>;
  stop(): void;
}

export async function startPolicyClock(client: KubeClient): Promise<PolicyClock> {
  const changedAt = new Map<string, number>();
  const listeners = new Set<() => void>();
  const stopped = new AbortController();
  let resourceVersion = (await client.list<KubeObject>(CORE.networkPolicies)).metadata.resourceVersion ?? '';
  // The apiserver ends watches now and then: resume from the last version seen.
  void (async (): Promise<void> => {
    const stopping = (): boolean => stopped.signal.aborted;
    while (!stopping()) {
      try {
        for await (const event of client.watch<KubeObject>(CORE.networkPolicies, { resourceVersion, signal: stopped.signal })) {
          resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
          const ns = event.object.metadata?.namespace;
          if (ns === undefined) continue;
          changedAt.set(ns, performance.now());
          for (const listener of listeners) listener();
        }
      } catch (err) {
        if (!stopping()) process.stderr.write(`policy watch ended (${String(err)}); resuming\n`);
      }
    }
  })();
  return {
    allChangedAfter: (namespaces, since, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const check = (): void => {
        const times = namespaces.map((ns) => changedAt.get(ns) ?? 0);
        if (times.every((t) => t >= since)) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(Math.max(...times));
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`policies of ${namespaces.join(', ')} unchanged ${timeoutMs} ms after the toggle`));
      }, timeoutMs);
      listeners.add(check);
      check();
    }),
    stop: () => { stopped.abort(); },
  };
}
