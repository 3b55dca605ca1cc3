// Calls the controller makes to its SDN provider's cloud API, by action and outcome (`ok`, a ret_code
// reason such as `ServerBusy`, or a transport failure such as `Timeout`): the numbers to hold against
// the account's call quota.
import { Counter, type Registry } from 'prom-client';

/** Called once per HTTP attempt (retries included), as the provider's client reports them. */
export type ProviderCallHook = (action: string, outcome: string) => void;

export const PROVIDER_API_CALLS_METRIC = 'tenant_network_provider_api_calls_total';

export function createProviderCallCounter(registry: Registry, provider: string): ProviderCallHook {
  const existing = registry.getSingleMetric(PROVIDER_API_CALLS_METRIC);
  const counter =
    existing instanceof Counter
      ? (existing as Counter<'provider' | 'action' | 'outcome'>)
      : new Counter({
          name: PROVIDER_API_CALLS_METRIC,
          help: 'Calls to the SDN provider API per provider, action and outcome (every attempt, retries included)',
          labelNames: ['provider', 'action', 'outcome'],
          registers: [registry],
        });
  return (action, outcome) => {
    counter.inc({ provider, action, outcome });
  };
}
