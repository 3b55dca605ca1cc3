// The QingCloud provider as the controller sees it from outside: its name, its `qingcloud`
// configuration section, no CRDs it cannot start without (hostnic's VxNetPool is checked when a
// subnet is registered, so a missing one is a condition, not a refusal to start), and how it is
// built (build.ts, imported only when the configuration chooses this provider).
import type { ProviderPlugin } from '../plugin.js';
import { DEFAULT_QINGCLOUD_CONFIG, qingcloudConfigErrors, type QingCloudConfig } from './config.js';
import { QINGCLOUD } from './naming.js';

export const qingcloudPlugin: ProviderPlugin<QingCloudConfig> = {
  name: QINGCLOUD,
  config: { defaults: DEFAULT_QINGCLOUD_CONFIG, errors: qingcloudConfigErrors },
  requiredCrds: [],
  create: async (q, deps) => (await import('./build.js')).buildQingCloudProvider(q, deps),
};
