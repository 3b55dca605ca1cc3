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

export async function checkController(client: KubeClient, loaded: LoadedSettings, now: () => Date): Promise<CheckResult> {
  const { namespace, leaseName } = loaded.settings;
  const service = loaded.metricsService;
  if (service === undefined) return fail('controller', `cannot tell where the controller runs: its settings (${describeSource(loaded.source)}) name no metrics Service`);
  const where = `${namespace}/${service}`;
  try {
    const slices = await client.list<EndpointSlice>(ENDPOINT_SLICES, { namespace, labelSelector: `kubernetes.io/service-name=${service}` });
    const ready = readyEndpoints(slices.items);
    if (ready === 0) return fail('controller', `no ready replica behind Service ${where}`);
    const readyz = (await client.getText(`/api/v1/namespaces/${namespace}/services/${service}:metrics/proxy/readyz`)).trim();
    const parts = [`${ready} ready ${ready === 1 ? 'replica' : 'replicas'} behind Service ${where}`, `/readyz ${readyz}`];
    if (leaseName !== undefined) {
      const leader = leaderOf(await client.get<Lease>(CORE.leases, leaseName, namespace), now());
      if (!leader.ok) return fail('controller', `${parts.join(', ')}; but ${leader.text}`);
      parts.push(leader.text);
    }
    return pass('controller', parts.join(', '));
  } catch (err) {
    return fail('controller', errorMessage(err));
  }
}
