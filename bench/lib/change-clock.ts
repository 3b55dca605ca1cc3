// When did an object last change? One watch per resource type, so timing a toggle adds no load to
// the apiserver (polling a dozen objects every few milliseconds would): the toggled object itself
// (when the CLI's write landed) and the NetworkPolicies it changes (when the controller's writes did).
import type { KubeClient, KubeObject } from '../../src/kube/kube-client.js';
import type { ResourceType } from '../../src/kube/resource.js';

export interface ChangeClock {
  /** Resolves with performance.now() once every key (`plural/namespace/name`) has changed after `since`. */
  allChangedAfter(keys: readonly string[], since: number, timeoutMs?: number): Promise<number>;
  stop(): void;
}

export function changeKey(type: ResourceType, name: string, namespace = ''): string {
  return `${type.plural}/${namespace}/${name}`;
}

export async function startChangeClock(client: KubeClient, types: readonly ResourceType[]): Promise<ChangeClock> {
  const changedAt = new Map<string, number>();
  const listeners = new Set<() => void>();
  const stopped = new AbortController();
  const stopping = (): boolean => stopped.signal.aborted;
  for (const type of types) {
    let resourceVersion = (await client.list<KubeObject>(type)).metadata.resourceVersion ?? '';
    // The apiserver ends watches now and then: resume from the last version seen.
    void (async (): Promise<void> => {
      while (!stopping()) {
        try {
          for await (const event of client.watch<KubeObject>(type, { resourceVersion, signal: stopped.signal })) {
            resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
            changedAt.set(changeKey(type, event.object.metadata?.name ?? '', event.object.metadata?.namespace), performance.now());
            for (const listener of listeners) listener();
          }
        } catch (err) {
          if (!stopping()) process.stderr.write(`${type.plural} watch ended (${String(err)}); resuming\n`);
        }
      }
    })();
  }
  return {
    allChangedAfter: (keys, since, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const check = (): void => {
        const times = keys.map((key) => changedAt.get(key) ?? 0);
        if (times.every((t) => t >= since)) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(Math.max(...times));
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${keys.join(', ')} unchanged ${timeoutMs} ms after the toggle`));
      }, timeoutMs);
      listeners.add(check);
      check();
    }),
    stop: () => { stopped.abort(); },
  };
}
