// Assembles the controller: caches, address state rebuilt from the API server, the three
// controllers, the manager (leader election, probes, metrics). `cmd` and the tests both start it
// through here, so the tests run exactly what ships.
import { Registry } from 'prom-client';
import { projectNetworkSpecWithDefaults } from '../api/project-network.js';
import { workspaceNetworkSpecWithDefaults } from '../api/workspace-network.js';
import { EventRecorder } from '../kube/events.js';
import type { KubeClient } from '../kube/kube-client.js';
import { Manager } from '../kube/manager.js';
import { createRuntimeMetrics, type RuntimeMetrics } from '../metrics/runtime-metrics.js';
import type { NetworkProvider } from '../providers/contract.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { createCaches, type Caches } from './caches.js';
import type { ControllerContext, NetworkConfig } from './context.js';
import { IpamRegistry } from './ipam-registry.js';
import { createControllers, type ConcurrencyConfig, type Controllers } from './wiring.js';

export interface AppOptions {
  readonly client: KubeClient;
  readonly provider: NetworkProvider;
  readonly network: NetworkConfig;
  readonly vpcPool: { readonly ranges: readonly string[]; readonly vpcPrefixLength: number };
  readonly log: Logger;
  readonly instance: string;
  readonly concurrency?: ConcurrencyConfig;
  readonly leaderElection?: { readonly namespace: string; readonly name: string; readonly leaseDurationMs?: number; readonly renewDeadlineMs?: number; readonly retryPeriodMs?: number };
  readonly probePort?: number;
  readonly probeHost?: string;
  readonly registry?: Registry;
  readonly onLeadershipLost?: () => void;
}

export interface App {
  readonly manager: Manager;
  readonly caches: Caches;
  readonly controllers: Controllers;
  readonly ipam: IpamRegistry;
  readonly registry: Registry;
  readonly metrics: RuntimeMetrics;
  readonly events: EventRecorder;
  stop(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const registry = options.registry ?? new Registry();
  const metrics = createRuntimeMetrics(registry);
  const { client, provider, log } = options;
  const caches = createCaches(client, log, metrics);
  const capabilities = provider.capabilities;
  const ipam = new IpamRegistry(
    { ranges: capabilities.allowedVpcRanges ?? options.vpcPool.ranges, rangesMayRepeat: capabilities.vpcRangesMayRepeat ?? false, vpcPrefixLength: options.vpcPool.vpcPrefixLength },
    capabilities.fixedSubnetPrefixLength === undefined ? {} : { minPrefixLength: capabilities.fixedSubnetPrefixLength, maxPrefixLength: capabilities.fixedSubnetPrefixLength },
  );
  const events = new EventRecorder({ client, controller: 'sdn.kubesphere.io/tenant-network-controller', instance: options.instance, log });
  let podCidrs: readonly string[] = [...new Set([...ipam.pool.ranges, ...options.network.extraPodCidrs])].sort();
  const ctx: ControllerContext = { client, caches, ipam, provider, events, config: options.network, podCidrs: () => podCidrs, now: () => new Date() };
  const controllers = createControllers(ctx, log, metrics, options.concurrency ?? { workspaces: 2, projects: 8, connections: 2 });

  const manager = new Manager({
    client,
    registry,
    metrics,
    log,
    ...(options.leaderElection === undefined ? {} : { leaderElection: { ...options.leaderElection, identity: options.instance } }),
    ...(options.probePort === undefined ? {} : { probePort: options.probePort }),
    ...(options.probeHost === undefined ? {} : { probeHost: options.probeHost }),
    ...(options.onLeadershipLost === undefined ? {} : { onLeadershipLost: options.onLeadershipLost }),
    beforeControllersStart: async (signal) => {
      // Rebuild the address state from status before anything is allocated.
      const problems = ipam.restore(
        caches.workspaceNetworks.list().map((w) => ({ name: w.metadata.name ?? '', cidr: w.status?.cidr, prefixLength: workspaceNetworkSpecWithDefaults(w.spec, options.network.provider).subnetPrefixLength })),
        caches.projectNetworks.list().map((p) => ({ name: p.metadata.name ?? '', workspace: projectNetworkSpecWithDefaults(p.spec).workspace, cidr: p.status?.cidr })),
      );
      for (const problem of problems) log.error(problem, 'recorded range could not be restored');
      try {
        const discovered = (await provider.clusterPodCidrs?.(signal)) ?? [];
        podCidrs = [...new Set([...podCidrs, ...discovered])].sort();
      } catch (err) {
        log.warn({ err: errorMessage(err) }, 'could not discover the cluster pod ranges; using the configured ones');
      }
      log.info({ workspaces: caches.workspaceNetworks.size, projects: caches.projectNetworks.size, podCidrs }, 'address state restored');
    },
  });
  for (const informer of caches.all()) manager.addInformer(informer);
  for (const controller of [controllers.workspaces, controllers.projects, controllers.connections]) manager.addController(controller);

  return {
    manager, caches, controllers, ipam, registry, metrics, events,
    stop: async () => {
      await manager.stop();
      await events.flush();
    },
  };
}
