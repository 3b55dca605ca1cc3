// The providers this build knows. Adding one is a folder under providers/ that exports a
// ProviderPlugin, and one line here; the configuration, the CRD check, the CRDs' provider enum and
// the start-up read this list and name no provider themselves.
import { calicoPlugin } from './calico/plugin.js';
import type { ProviderPlugin } from './plugin.js';
import { qingcloudPlugin } from './qingcloud/plugin.js';

export const PROVIDERS: readonly ProviderPlugin[] = [calicoPlugin, qingcloudPlugin];

export const PROVIDER_NAMES: readonly string[] = PROVIDERS.map((p) => p.name);

/** The provider the controller runs when the configuration names none. */
export const DEFAULT_PROVIDER: string = calicoPlugin.name;

export function providerNamed(name: string): ProviderPlugin | undefined {
  return PROVIDERS.find((p) => p.name === name);
}
