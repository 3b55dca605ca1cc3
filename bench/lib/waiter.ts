// Waits for a condition over an informer's cache, re-checking on every event (no polling delay
// added to measured latencies).
import type { Informer } from '../../src/kube/informer.js';
import type { KubeObject } from '../../src/kube/kube-client.js';

export function waitForCache<T extends KubeObject>(informer: Informer<T>, predicate: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  if (predicate()) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`condition not met within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = informer.onEvent(() => {
      if (!predicate()) return;
      unsubscribe();
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? 0) * 10) / 10;
}
