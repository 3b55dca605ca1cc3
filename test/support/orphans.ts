// What the orphan-sweep tests read back: the sweep's Events (about the controller's namespace, kept
// in "default"), and when an orphan was removed.
import { expect } from '@jest/globals';
import type { KubeClient, KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';

type EventObject = KubeObject & { reason?: string; note?: string; regarding?: { kind?: string; name?: string } };

/** Reasons and notes of the Events about the controller's namespace. */
export async function sweepEvents(admin: KubeClient, controllerNamespace: string): Promise<{ reason: string; note: string }[]> {
  const events = await admin.list<EventObject>(CORE.events, { namespace: 'default' });
  return events.items.filter((e) => e.regarding?.kind === 'Namespace' && e.regarding.name === controllerNamespace).map((e) => ({ reason: e.reason ?? '', note: e.note ?? '' }));
}

/** Polls `gone` until it holds, and says how long after `since` that was (a lower bound of the real time). */
export async function waitUntilGone(gone: () => Promise<boolean>, since: number, timeoutMs: number): Promise<number> {
  for (;;) {
    if (await gone()) return performance.now() - since;
    expect(performance.now() - since).toBeLessThan(timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
