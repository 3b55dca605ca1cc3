// Checks "no namespace names a pool that does not exist" continuously while a fault runs, not only
// once the controller has converged: the order of the controller's writes (pool, then annotation;
// annotation gone, then pool) is what keeps it true at every instant, and a crash between two writes
// is exactly when a wrong order would show. Each sample is one consistent cut of the cluster: the
// namespaces are listed, then the IPPools at exactly the same resourceVersion.
import { CALICO_IPPOOLS } from '../../../src/api/resources.js';
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import { CORE, resourcePath } from '../../../src/kube/resource.js';
import { poolReferenceViolations, type NetworkObject } from './invariants.js';

export interface PoolReferenceReport {
  readonly samples: number;
  readonly violations: readonly string[];
}

export interface PoolReferenceWatch {
  stop(): Promise<PoolReferenceReport>;
}

export function watchPoolReferences(client: KubeClient, intervalMs = 25): PoolReferenceWatch {
  const state = { stopped: false };
  let samples = 0;
  const violations = new Set<string>();
  const sample = async (): Promise<void> => {
    const namespaces = await client.list<KubeObject>(CORE.namespaces);
    const resourceVersion = namespaces.metadata.resourceVersion;
    if (resourceVersion === undefined) return;
    const pools = await client.request<{ items: NetworkObject[] }>('GET', resourcePath(CALICO_IPPOOLS, {}), { query: { resourceVersion, resourceVersionMatch: 'Exact' } });
    samples++;
    for (const v of poolReferenceViolations(namespaces.items, pools.items)) violations.add(`at resourceVersion ${resourceVersion}: ${v}`);
  };
  const loop = (async () => {
    while (!state.stopped) {
      // The apiserver may be briefly unavailable in some suites; a missed sample is not a finding.
      await sample().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      state.stopped = true;
      await loop;
      return { samples, violations: [...violations] };
    },
  };
}
