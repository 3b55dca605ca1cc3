// Per-subnet traffic from the routers' per-vxnet meters (GetMonitor), newest sample in a window.
import type { SubnetRef, TrafficSample } from '../contract.js';
import type { QingCloudApi } from './api.js';

/**
 * The meter is the router's interface into the vxnet, so what the router sends out (`out`) is what
 * the subnet receives. One GetMonitor call per router.
 */
export async function sampleTraffic(api: QingCloudApi, subnets: readonly SubnetRef[], window: { readonly end: Date; readonly ms: number }, signal: AbortSignal): Promise<TrafficSample[]> {
  const byRouter = new Map<string, SubnetRef[]>();
  for (const subnet of subnets) {
    if (subnet.id === undefined || subnet.vpcId === undefined) continue;
    byRouter.set(subnet.vpcId, [...(byRouter.get(subnet.vpcId) ?? []), subnet]);
  }
  const start = new Date(window.end.getTime() - window.ms);
  const samples: TrafficSample[] = [];
  for (const [routerId, refs] of byRouter) {
    const { meters } = await api.getMonitor({ resource: routerId, meters: refs.map((r) => r.id ?? ''), step: '5m', startTime: start, endTime: window.end }, signal);
    for (const ref of refs) {
      const points = meters.find((m) => m.meterId === ref.id)?.points ?? [];
      const newest = [...points].reverse().find((p) => Array.isArray(p.value) && p.value.length === 2);
      const value = newest?.value;
      if (newest === undefined || !Array.isArray(value)) continue;
      const [routerIn = 0, routerOut = 0] = value as readonly number[];
      samples.push({ subnet: ref, timestampMs: newest.time * 1000, ingressBytesPerSecond: routerOut, egressBytesPerSecond: routerIn });
    }
  }
  return samples;
}
