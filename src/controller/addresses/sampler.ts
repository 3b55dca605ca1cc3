// The leader's used-address sampler: every period it asks the provider how many addresses of each
// project's subnet are in use (one answer for all: Calico lists its IPAM blocks once), publishes
// them as a gauge and writes status.usedAddresses — only where the figure changed, so a quiet
// cluster costs one list per period and no writes, and at most one status write per project per
// period. A periodic task (kube/periodic.ts): it runs on the leader only.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ProjectNetwork } from '../../api/project-network.js';
import { PROJECT_NETWORKS } from '../../api/resources.js';
import { isNotFound } from '../../kube/api-error.js';
import type { Controller } from '../../kube/controller.js';
import type { KubeClient, KubeObject } from '../../kube/kube-client.js';
import type { RuntimeMetrics } from '../../kube/metrics-handle.js';
import { periodicController } from '../../kube/periodic.js';
import type { AddressUsage, AddressUsageRequest, NetworkProvider } from '../../providers/contract.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { planUsageWrites } from './plan.js';

export const DEFAULT_ADDRESS_PERIOD_MS = 60_000;
const STATUS_WRITE_CONCURRENCY = 4;

export const ADDRESS_METRIC_NAMES = {
  used: 'tenant_network_project_addresses_used',
  statusWrites: 'tenant_network_address_status_writes_total',
} as const;

type Pjn = Pick<ProjectNetwork, 'spec' | 'status'> & KubeObject;

export interface AddressSamplerOptions {
  readonly provider: Pick<NetworkProvider, 'addressUsage'>;
  readonly caches: { readonly projectNetworks: { list(): Pjn[] } };
  readonly client: KubeClient;
  readonly registry: Registry;
  readonly log: Logger;
  readonly periodMs?: number;
  readonly metrics?: RuntimeMetrics;
}

export interface AddressReport {
  readonly projects: number;
  readonly statusWrites: number;
}

export interface AddressSampler {
  readonly controller: Controller;
  sampleOnce(signal: AbortSignal): Promise<AddressReport>;
}

function requestOf(pjn: Pjn): AddressUsageRequest | undefined {
  const name = pjn.metadata?.name;
  const cidr = pjn.status?.cidr;
  if (name === undefined || cidr === undefined || pjn.metadata?.deletionTimestamp !== undefined) return undefined;
  return { workspace: pjn.spec.workspace, project: name, projectUid: pjn.metadata?.uid ?? '', cidr, ...(pjn.status?.subnetId === undefined ? {} : { id: pjn.status.subnetId }) };
}

export function createAddressSampler(options: AddressSamplerOptions): AddressSampler {
  const periodMs = options.periodMs ?? DEFAULT_ADDRESS_PERIOD_MS;
  const log = options.log.child({ component: 'addresses' });
  const registers = [options.registry];
  const gauge = new Gauge({ name: ADDRESS_METRIC_NAMES.used, help: 'Addresses of a project subnet in use by pods, as of the latest sample', labelNames: ['workspace', 'project'], registers });
  const writes = new Counter({ name: ADDRESS_METRIC_NAMES.statusWrites, help: 'ProjectNetwork status.usedAddresses writes per outcome', labelNames: ['outcome'], registers });

  function publish(usage: readonly AddressUsage[]): void {
    gauge.reset();
    for (const u of usage) gauge.set({ workspace: u.subnet.workspace, project: u.subnet.project }, u.used);
  }

  async function write(name: string, used: number, signal: AbortSignal): Promise<boolean> {
    try {
      await options.client.mergePatch(PROJECT_NETWORKS, name, { status: { usedAddresses: used } }, { subresource: 'status', signal });
      writes.inc({ outcome: 'written' });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      writes.inc({ outcome: 'failed' });
      log.warn({ project: name, err: errorMessage(err) }, 'could not write status.usedAddresses');
      return false;
    }
  }

  async function sampleOnce(signal: AbortSignal): Promise<AddressReport> {
    const addressUsage = options.provider.addressUsage?.bind(options.provider);
    if (addressUsage === undefined) return { projects: 0, statusWrites: 0 };
    const projects = options.caches.projectNetworks.list();
    const requests = projects.map(requestOf).filter((r): r is AddressUsageRequest => r !== undefined);
    const usage = await addressUsage(requests, signal);
    publish(usage);
    const queue = planUsageWrites(usage, new Map(projects.map((p) => [p.metadata?.name ?? '', p.status?.usedAddresses])));
    let statusWrites = 0;
    await Promise.all(Array.from({ length: STATUS_WRITE_CONCURRENCY }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (await write(next.project, next.used, signal)) statusWrites++;
      }
    }));
    return { projects: requests.length, statusWrites };
  }

  const controller = periodicController({
    name: 'addresses',
    log: options.log,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    run: async (signal) => {
      try {
        log.debug(await sampleOnce(signal), 'used addresses sampled');
      } catch (err) {
        log.warn({ err: errorMessage(err) }, 'used-address sampling failed');
      }
      return periodMs;
    },
  });
  return { controller, sampleOnce };
}
