// Assembles the controller: caches, address state rebuilt from the API server, the three
// controllers, the manager (leader election, probes, metrics), and the optional parts: the pod
// admission webhook (every replica, once the caches it answers from have synced), the
// bandwidth-change Events, the traffic and used-address samplers and the orphan sweep (leader only), the IPAM
// utilisation and not-Ready gauges the alerts read.
// `cmd` and the tests both start it through here, so the tests run exactly what ships.
import { Registry } from 'prom-client';
import { projectNetworkSpecWithDefaults } from '../api/project-network.js';
import { DEFAULT_SUBNET_PREFIX_LENGTH, workspaceNetworkSpecWithDefaults } from '../api/workspace-network.js';
import { EventRecorder } from '../kube/events.js';
import type { KubeClient } from '../kube/kube-client.js';
import { Manager } from '../kube/manager.js';
import type { RuntimeMetrics } from '../kube/metrics-handle.js';
import { registerIpamUtilisation, workspaceRangesOf } from '../metrics/ipam-utilisation.js';
import { registerNotReadyGauge } from '../metrics/not-ready-gauge.js';
import { createReconcilerMetrics } from '../metrics/reconciler-metrics.js';
import { createRuntimeMetrics } from '../metrics/runtime-metrics.js';
import { registerTrafficPeriod } from '../metrics/traffic-period.js';
import type { TrafficSource } from '../metrics/traffic-source.js';
import type { NetworkProvider } from '../providers/contract.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { createAdmissionServer, type AdmissionConfig, type AdmissionServer } from '../webhook/create-admission-server.js';
import type { AnnotationSetName } from '../webhook/pod-keys.js';
import { createAddressSampler } from './addresses/sampler.js';
import { createBandwidthChangeController } from './bandwidth/changes.js';
import { createCaches, type Caches } from './caches.js';
import { createOrphanSweeper, type OrphanSweepOptions } from './orphans/sweeper.js';
import type { ControllerContext, NetworkConfig } from './context.js';
import { IpamRegistry, subnetBoundsOf } from './ipam-registry.js';
import { clusterPodRanges } from './pod-ranges.js';
import { createTrafficSampler, DEFAULT_TRAFFIC_PERIOD_MS } from './traffic/sampler.js';
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
  /** Runtime metrics already registered in `registry` (cmd creates them first to count API requests). */
  readonly metrics?: RuntimeMetrics;
  readonly onLeadershipLost?: () => void;
  /** Serve the pod admission webhook on every replica. */
  readonly webhook?: AdmissionConfig;
  /** Announce bandwidth changes with Events (leader); defaults to the webhook's annotation sets. */
  readonly bandwidthAnnotationSets?: readonly AnnotationSetName[];
  /** Sample per-project traffic (leader). */
  readonly traffic?: { readonly source: TrafficSource; readonly periodMs?: number };
  /** Sweep for provider resources nothing refers to (leader). */
  readonly orphans?: OrphanSweepOptions;
  /**
   * Sample each project's used addresses (leader), where the provider can tell; on by default with
   * a one-minute period, `false` turns it off.
   */
  readonly addresses?: { readonly periodMs?: number } | false;
}

export interface App {
  readonly manager: Manager;
  readonly caches: Caches;
  readonly controllers: Controllers;
  readonly ipam: IpamRegistry;
  readonly registry: Registry;
  readonly metrics: RuntimeMetrics;
  readonly events: EventRecorder;
  /** The admission webhook, when configured. */
  readonly admission: AdmissionServer | undefined;
  /** Starts the manager, then (in the background) the webhook once its caches have synced. */
  start(): Promise<void>;
  /** Resolves with the webhook's port once it serves (undefined without a webhook, or if it never started). */
  admissionStarted(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const registry = options.registry ?? new Registry();
  const metrics = options.metrics ?? createRuntimeMetrics(registry);
  const { client, provider, log } = options;
  const caches = createCaches(client, log, metrics);
  const capabilities = provider.capabilities;
  const ipam = new IpamRegistry(
    { ranges: capabilities.allowedVpcRanges ?? options.vpcPool.ranges, rangesMayRepeat: capabilities.vpcRangesMayRepeat ?? false, vpcPrefixLength: options.vpcPool.vpcPrefixLength },
    subnetBoundsOf(capabilities),
  );
  // Events about cluster-scoped objects (all of ours) must be in "default": the apiserver refuses
  // any other namespace for them ("involvedObject.namespace ... does not match event.namespace").
  const events = new EventRecorder({ client, controller: 'sdn.kubesphere.io/tenant-network-controller', instance: options.instance, log });
  const podRanges = { vpcPool: ipam.pool.ranges, configured: options.network.extraPodCidrs };
  let podCidrs: readonly string[] = clusterPodRanges(podRanges);
  const ctx: ControllerContext = { client, caches, ipam, provider, events, metrics: createReconcilerMetrics(registry), config: options.network, podCidrs: () => podCidrs, now: () => new Date() };
  const controllers = createControllers(ctx, caches, log, metrics, options.concurrency ?? { workspaces: 2, projects: 8, connections: 2 });
  const subnetAnnotationKey = provider.capabilities.podSubnetAnnotationKey;
  const admission = options.webhook === undefined ? undefined : createAdmissionServer({ caches, client, config: { ...options.webhook, ...(subnetAnnotationKey === undefined ? {} : { subnetAnnotationKey }) }, log, registry });
  // The address state is authoritative only on the leader, after it has been rebuilt.
  let ipamRestored = false;

  const manager = new Manager({
    client,
    registry,
    metrics,
    log,
    ...(options.leaderElection === undefined ? {} : { leaderElection: { ...options.leaderElection, identity: options.instance } }),
    ...(options.probePort === undefined ? {} : { probePort: options.probePort }),
    ...(options.probeHost === undefined ? {} : { probeHost: options.probeHost }),
    ...(options.onLeadershipLost === undefined ? {} : { onLeadershipLost: options.onLeadershipLost }),
    ...(admission === undefined ? {} : { readiness: { webhook: () => admission.readiness() } }),
    beforeControllersStart: async (signal) => {
      // Rebuild the address state from status before anything is allocated.
      const problems = ipam.restore(
        caches.workspaceNetworks.list().map((w) => ({ name: w.metadata.name ?? '', cidr: w.status?.cidr, prefixLength: workspaceNetworkSpecWithDefaults(w.spec, options.network.provider).subnetPrefixLength })),
        caches.projectNetworks.list().map((p) => ({ name: p.metadata.name ?? '', workspace: projectNetworkSpecWithDefaults(p.spec).workspace, cidr: p.status?.cidr })),
      );
      for (const problem of problems) log.error(problem, 'recorded range could not be restored');
      try {
        podCidrs = clusterPodRanges({ ...podRanges, discovered: (await provider.clusterPodCidrs?.(signal)) ?? [] });
      } catch (err) {
        log.warn({ err: errorMessage(err) }, 'could not discover the cluster pod ranges; using the configured ones');
      }
      ipamRestored = true;
      log.info({ workspaces: caches.workspaceNetworks.size, projects: caches.projectNetworks.size, podCidrs }, 'address state restored');
    },
  });
  for (const informer of caches.all()) manager.addInformer(informer);
  for (const controller of [controllers.workspaces, controllers.projects, controllers.connections]) manager.addController(controller);

  const bandwidthAnnotationSets = options.bandwidthAnnotationSets ?? options.webhook?.annotationSets;
  if (bandwidthAnnotationSets !== undefined) {
    manager.addController(createBandwidthChangeController({ caches, client, events, annotationSets: bandwidthAnnotationSets, log, metrics }));
  }
  if (options.traffic !== undefined) {
    const sampler = createTrafficSampler({
      source: options.traffic.source,
      caches,
      client,
      registry,
      log,
      metrics,
      ...(options.traffic.periodMs === undefined ? {} : { periodMs: options.traffic.periodMs }),
    });
    manager.addController(sampler.controller);
    registerTrafficPeriod({ registry, source: options.traffic.source.name, periodMs: options.traffic.periodMs ?? DEFAULT_TRAFFIC_PERIOD_MS, active: () => manager.isLeader });
  }
  if (provider.addressUsage !== undefined && options.addresses !== false) {
    const periodMs = options.addresses?.periodMs;
    manager.addController(createAddressSampler({ provider, caches, client, registry, log, metrics, ...(periodMs === undefined ? {} : { periodMs }) }).controller);
  }
  if (options.orphans !== undefined) {
    manager.addController(createOrphanSweeper(options.orphans, { provider, caches, events, metrics: ctx.metrics, log, runtimeMetrics: metrics }).controller);
  }
  registerIpamUtilisation({
    registry,
    ipam,
    workspaces: () => workspaceRangesOf(caches.workspaceNetworks.list(), DEFAULT_SUBNET_PREFIX_LENGTH),
    active: () => ipamRestored && manager.isLeader,
  });
  registerNotReadyGauge({
    registry,
    sources: [
      { kind: 'WorkspaceNetwork', list: () => caches.workspaceNetworks.list() },
      { kind: 'ProjectNetwork', list: () => caches.projectNetworks.list() },
      { kind: 'ProjectConnection', list: () => caches.connections.list() },
    ],
    active: () => manager.isLeader && manager.informersSynced(),
  });

  const stopAdmission = new AbortController();
  let admissionStarting: Promise<number | undefined> = Promise.resolve(undefined);
  const startAdmission = async (server: AdmissionServer): Promise<number | undefined> => {
    try {
      // It answers from these caches: serving before they are complete would stamp wrong limits.
      await Promise.all([caches.projectNetworks.waitForSync(stopAdmission.signal), caches.workspaceNetworks.waitForSync(stopAdmission.signal)]);
      const port = await server.start();
      // Stopped while starting: the stop may have run before the server existed.
      if (stopAdmission.signal.aborted) await server.stop();
      return port;
    } catch (err) {
      if (!stopAdmission.signal.aborted) log.error({ err: errorMessage(err) }, 'admission webhook failed to start; readiness stays false');
      return undefined;
    }
  };

  return {
    manager, caches, controllers, ipam, registry, metrics, events, admission,
    start: async () => {
      await manager.start();
      if (admission !== undefined) admissionStarting = startAdmission(admission);
    },
    admissionStarted: () => admissionStarting,
    stop: async () => {
      stopAdmission.abort();
      // Controllers first: the webhook keeps answering while the replica drains.
      await manager.stop();
      // Also ends a start still retrying to load its certificate.
      await admission?.stop();
      await admissionStarting;
      await events.flush();
    },
  };
}
