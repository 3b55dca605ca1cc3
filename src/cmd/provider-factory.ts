// The one place that knows the concrete providers.
import type { KubeClient } from '../kube/kube-client.js';
import type { NetworkProvider } from '../providers/contract.js';
import { CalicoProvider } from '../providers/calico/index.js';
import type { Logger } from '../util/logger.js';
import type { ControllerConfigFile } from './config.js';

export function createProvider(config: ControllerConfigFile, client: KubeClient, log: Logger): Promise<NetworkProvider> {
  switch (config.provider) {
    case 'calico':
      log.info({ blockSize: config.calico.blockSize }, 'using the Calico provider');
      return Promise.resolve(new CalicoProvider({ client, ...config.calico, extraPodCidrs: config.extraPodCidrs }));
    case 'qingcloud':
      return Promise.reject(new Error('the qingcloud provider is not wired yet: use --provider=calico'));
  }
}
