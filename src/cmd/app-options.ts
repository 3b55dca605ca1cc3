// From the parsed config file to the options createApp takes: the one mapping main.ts uses and the
// tests that run the controller "the way main does" (helm-rbac, app-admission) reuse, so the two
// cannot drift apart.
import type { Registry } from 'prom-client';
import type { AppOptions } from '../controller/app.js';
import type { NetworkConfig } from '../controller/context.js';
import type { KubeClient } from '../kube/kube-client.js';
import type { RuntimeMetrics } from '../kube/metrics-handle.js';
import { trafficSourceFor } from '../metrics/traffic-settings.js';
import type { NetworkProvider } from '../providers/contract.js';
import type { Logger } from '../util/logger.js';
import { admissionConfigFrom } from '../webhook/webhook-settings.js';
import type { ControllerConfigFile } from './config.js';

/** What the controller renders policies from; its own namespace is always a system namespace. */
export function networkConfigFrom(config: ControllerConfigFile): NetworkConfig {
  return {
    provider: config.provider,
    systemNamespaces: [...new Set([...config.systemNamespaces, config.namespace])],
    allowedIngressCIDRs: config.allowedIngressCIDRs,
    allowedIngressNamespaces: config.allowedIngressNamespaces,
    egressIsolation: config.egressIsolation,
    deniedEgressCIDRs: config.deniedEgressCIDRs,
    podSecurity: config.podSecurity,
    extraPodCidrs: config.extraPodCidrs,
  };
}

export interface AppDependencies {
  readonly client: KubeClient;
  readonly provider: NetworkProvider;
  readonly log: Logger;
  readonly instance: string;
  readonly registry?: Registry;
  readonly metrics?: RuntimeMetrics;
}

/**
 * Everything createApp needs except the process-level hooks (onLeadershipLost). Webhook, traffic
 * sampling and the orphan sweep are included only when enabled (traffic also needs a source: a
 * Prometheus URL or a provider with its own monitoring).
 */
export function appOptionsFrom(config: ControllerConfigFile, deps: AppDependencies): AppOptions {
  const quarter = Math.max(1, Math.ceil(config.concurrency / 4));
  const source = trafficSourceFor(config.traffic, deps.provider);
  return {
    ...deps,
    network: networkConfigFrom(config),
    vpcPool: { ranges: config.vpcPool, vpcPrefixLength: config.vpcPrefixLength },
    concurrency: { workspaces: quarter, projects: config.concurrency, connections: quarter },
    ...(config.leaderElection ? { leaderElection: { namespace: config.namespace, name: config.leaseName } } : {}),
    probePort: config.probePort,
    ...(config.webhook.enabled ? { webhook: admissionConfigFrom(config.webhook, config.namespace) } : {}),
    ...(source === undefined ? {} : { traffic: { source, periodMs: config.traffic.periodSeconds * 1000 } }),
    ...(config.orphans.mode === 'off'
      ? {}
      : { orphans: { mode: config.orphans.mode, periodMs: config.orphans.periodSeconds * 1000, graceMs: config.orphans.graceSeconds * 1000, controllerNamespace: config.namespace } }),
  };
}
