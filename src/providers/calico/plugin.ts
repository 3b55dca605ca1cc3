// The Calico provider as the controller sees it from outside: its name, its `calico` configuration
// section, the IPPool CRD it needs, and how it is built (after reading which fields that CRD has).
import { CALICO_CRD_GROUP, IPPOOL_PLURAL } from '../../api/external/calico-ippool.js';
import type { ProviderPlugin } from '../plugin.js';
import { readIpPoolCrdFeatures } from './crd-features.js';
import { CALICO } from './naming.js';
import { CALICO_DEFAULTS, calicoConfigErrors, type CalicoSettingsInput } from './options.js';
import { CalicoProvider } from './provider.js';

export const calicoPlugin: ProviderPlugin<CalicoSettingsInput> = {
  name: CALICO,
  config: { defaults: CALICO_DEFAULTS, errors: calicoConfigErrors },
  requiredCrds: [`${IPPOOL_PLURAL}.${CALICO_CRD_GROUP}`],
  create: async (config, { client, log }) => {
    const read = await readIpPoolCrdFeatures(client);
    if (!read.ok) log.warn({ reason: read.message }, 'cannot tell which IPPool fields the cluster supports; assignmentMode is left out');
    const provider = new CalicoProvider({ client, ...config, ipPoolFeatures: read.ok ? read.features : undefined });
    const { blockSize, nodeSelector, assignmentMode } = provider.settings;
    if (provider.settingsWarning !== undefined) log.warn(provider.settingsWarning);
    log.info({ blockSize, nodeSelector, assignmentMode: assignmentMode ?? '(not supported by the IPPool CRD)' }, 'using the Calico provider');
    return provider;
  },
};
