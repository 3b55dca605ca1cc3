// What the benchmark watches to know when work is done: every ProjectNetwork (Ready ones counted
// as events arrive) and the managed NetworkPolicies. The baseline run keeps the same watches open,
// so both sides pay the apiserver's cost of serving this observer.
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import { Informer } from '../../src/kube/informer.js';
import type { KubeClient, KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';

export interface Observer {
  readonly projectNetworks: Informer<ProjectNetwork & KubeObject>;
  readonly policies: Informer<KubeObject & { spec?: unknown }>;
  readyCount(): number;
  stop(): Promise<void>;
}

export async function startObserver(client: KubeClient): Promise<Observer> {
  const projectNetworks = new Informer<ProjectNetwork & KubeObject>({ client, type: PROJECT_NETWORKS });
  const policies = new Informer<KubeObject & { spec?: unknown }>({ client, type: CORE.networkPolicies, labelSelector: 'app.kubernetes.io/managed-by=tenant-network-controller' });
  projectNetworks.start();
  policies.start();
  await Promise.all([projectNetworks.waitForSync(), policies.waitForSync()]);
  // Counted incrementally: scanning every ProjectNetwork on every event is O(n²) at 5,000 and
  // steals the CPU the controller is being measured on.
  const ready = new Set<string>();
  projectNetworks.onEvent((e) => {
    const name = e.object.metadata.name ?? '';
    if (e.type !== 'delete' && e.object.status?.phase === 'Ready') ready.add(name);
    else ready.delete(name);
  });
  for (const p of projectNetworks.list()) if (p.status?.phase === 'Ready') ready.add(p.metadata.name ?? '');
  return {
    projectNetworks,
    policies,
    readyCount: () => ready.size,
    stop: async () => {
      await projectNetworks.stop();
      await policies.stop();
    },
  };
}
