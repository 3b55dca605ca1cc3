// Is the controller ready? Its metrics Service (named by the chart's ConfigMap) has ready endpoints,
// /readyz answers ok through the API server's service proxy (so it works from a laptop as from a
// pod), and a replica holds the leader Lease and renews it.
import { errorMessage } from '../../util/errors.js';
import type { KubeClient, KubeObject } from '../../kube/kube-client.js';
import { CORE, type ResourceType } from '../../kube/resource.js';
import { describeSource, type LoadedSettings } from '../controller-settings.js';
import { fail, pass, type CheckResult } from './check-result.js';

const ENDPOINT_SLICES: ResourceType = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', kind: 'EndpointSlice', namespaced: true };

type EndpointSlice = KubeObject & { endpoints?: { conditions?: { ready?: boolean } }[] | null };
type Lease = KubeObject & { spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number } };

/** Ready endpoints over all slices of the Service (a missing `ready` means ready). */
export function readyEndpoints(slices: readonly EndpointSlice[]): number {
  return slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length;
}

/** The leader and how long ago it renewed, or why there is none. */
export function leaderOf(lease: Lease, now: Date): { ok: true; text: string } | { ok: false; text: string } {
  const holder = lease.spec?.holderIdentity ?? '';
  const renewed = lease.spec?.renewTime === undefined ? undefined : Math.max(0, Math.round((now.getTime() - Date.parse(lease.spec.renewTime)) / 1000));
  const duration = lease.spec?.leaseDurationSeconds ?? 15;
  if (holder === '') return { ok: false, text: `no replica holds Lease ${lease.metadata?.name ?? ''}` };
  if (renewed !== undefined && renewed > duration) return { ok: false, text: `Lease ${lease.metadata?.name ?? ''} was last renewed by ${holder} ${renewed}s ago (lease ${duration}s): no live leader` };
  return { ok: true, text: `leader ${holder}${renewed === undefined ? '' : ` (renewed ${renewed}s ago)`}` };
}

async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/** The endpoints, /readyz and the Lease are asked at once, and every problem among them is reported. */
export async function checkController(client: KubeClient, loaded: LoadedSettings, now: () => Date): Promise<CheckResult> {
  const { namespace, leaseName } = loaded.settings;
  const service = loaded.metricsService;
  if (service === undefined) return fail('controller', `cannot tell where the controller runs: its settings (${describeSource(loaded.source)}) name no metrics Service`);
  const where = `${namespace}/${service}`;
  const [slices, readyz, lease] = await Promise.all([
    attempt(() => client.list<EndpointSlice>(ENDPOINT_SLICES, { namespace, labelSelector: `kubernetes.io/service-name=${service}` })),
    attempt(async () => (await client.getText(`/api/v1/namespaces/${namespace}/services/${service}:metrics/proxy/readyz`)).trim()),
    leaseName === undefined ? Promise.resolve(undefined) : attempt(() => client.get<Lease>(CORE.leases, leaseName, namespace)),
  ]);
  const good: string[] = [];
  const bad: string[] = [];
  if (!slices.ok) bad.push(slices.error);
  else {
    const ready = readyEndpoints(slices.value.items);
    (ready === 0 ? bad : good).push(ready === 0 ? `no ready replica behind Service ${where}` : `${ready} ready ${ready === 1 ? 'replica' : 'replicas'} behind Service ${where}`);
  }
  if (readyz.ok) good.push(`/readyz ${readyz.value}`);
  else bad.push(`/readyz: ${readyz.error}`);
  if (lease !== undefined) {
    const leader = lease.ok ? leaderOf(lease.value, now()) : { ok: false, text: lease.error };
    (leader.ok ? good : bad).push(leader.text);
  }
  return bad.length === 0 ? pass('controller', good.join(', ')) : fail('controller', [...bad, ...good].join('; '));
}
