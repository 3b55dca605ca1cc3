// The shared provider conformance suite against the QingCloud provider and the simulator.

import { QingCloudApi } from '../../../src/providers/qingcloud/api.js';
import { QingCloudProvider } from '../../../src/providers/qingcloud/provider.js';
import { describeProviderConformance } from '../../conformance/provider-conformance.js';
import { clientFor, startFastSimulator } from './helpers.js';

describeProviderConformance(
  'qingcloud (simulator)',
  async () => {
    const sim = await startFastSimulator({ quotas: { router: 100, vxnet: 500 } });
    const newProvider = (): QingCloudProvider => new QingCloudProvider(new QingCloudApi(clientFor(sim), { jobs: { intervalMs: 10 } }));
    return {
      provider: newProvider(),
      vpcCidr: '172.16.0.0/16',
      subnetCidr: (index) => `172.16.${index}.0/24`,
      newProviderInstance: () => Promise.resolve(newProvider()),
      cleanup: () => sim.stop(),
    };
  },
  { timeoutMs: 20_000 },
);
