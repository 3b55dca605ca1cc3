// The Calico provider as the controller sees it from outside: its name, its `calico` configuration
// section, the IPPool CRD it needs, and how it is built.
import { CALICO_CRD_GROUP, IPPOOL_PLURAL } from '../../api/external/calico-ippool.js';
import type { ProviderPlugin } from '../plugin.js';
import { CALICO } from './naming.js';
import { CALICO_DEFAULTS, calicoConfigErrors, type CalicoSettingsInput } from './options.js';
import { CalicoProvider } from './provider.js';

export const calicoPlugin: ProviderPlugin<CalicoSettingsInput> = {
  name: CALICO,
  config: { defaults: CALICO_DEFAULTS, errors: calicoConfigErrors },
  requiredCrds: [`${IPPOOL_PLURAL}.${CALICO_CRD_GROUP}`],
  create: (config, { client, log }) => {
    log.info({ blockSize: config.blockSize }, 'using the Calico provider');
    return Promise.resolve(new CalicoProvider({ client, ...config }));
  },
};
