// Builds the configured provider through its plug-in (providers/registry.ts); this file names no
// provider. The API-call counter is registered here, so providers need no metrics code.
import type { Registry } from 'prom-client';
import type { KubeClient } from '../kube/kube-client.js';
import { createProviderCallCounter } from '../metrics/provider-metrics.js';
import type { NetworkProvider } from '../providers/contract.js';
import { providerNamed } from '../providers/registry.js';
import type { Logger } from '../util/logger.js';
import type { ControllerConfigFile } from './config.js';

/**
 * `registry` receives the provider's API-call counter; `env` is where a provider reads its
 * development settings (the process environment unless a test passes its own).
 */
export async function createProvider(
  config: ControllerConfigFile,
  client: KubeClient,
  log: Logger,
  registry?: Registry,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NetworkProvider> {
  const plugin = providerNamed(config.provider);
  const section = config.providers[config.provider];
  // parseConfig accepts only registered providers, with a section each.
  if (plugin === undefined || section === undefined) throw new Error(`provider ${config.provider} is not configured`);
  return plugin.create(section, {
    client,
    log,
    namespace: config.namespace,
    env,
    ...(registry === undefined ? {} : { countCall: createProviderCallCounter(registry, plugin.name) }),
  });
}
