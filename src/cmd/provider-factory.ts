// The one place that knows the concrete providers.
import type { Registry } from 'prom-client';
import type { KubeClient } from '../kube/kube-client.js';
import { createProviderCallCounter } from '../metrics/provider-metrics.js';
import type { NetworkProvider } from '../providers/contract.js';
import { CalicoProvider } from '../providers/calico/index.js';
import { QingCloudApi } from '../providers/qingcloud/api.js';
import { QingCloudClient } from '../providers/qingcloud/client.js';
import { QingCloudProvider } from '../providers/qingcloud/provider.js';
import type { Logger } from '../util/logger.js';
import type { ControllerConfigFile } from './config.js';
import { loadQingCloudConnection } from './qingcloud-settings.js';

/**
 * `registry` receives the provider's API-call counter; `env` is read for the QINGCLOUD_* development
 * settings (the process environment unless a test passes its own).
 */
export async function createProvider(
  config: ControllerConfigFile,
  client: KubeClient,
  log: Logger,
  registry?: Registry,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NetworkProvider> {
  switch (config.provider) {
    case 'calico':
      log.info({ blockSize: config.calico.blockSize }, 'using the Calico provider');
      return new CalicoProvider({ client, ...config.calico, extraPodCidrs: config.extraPodCidrs });
    case 'qingcloud': {
      const q = config.qingcloud;
      const connection = await loadQingCloudConnection(q, config.namespace, env, client);
      const api = new QingCloudApi(
        new QingCloudClient({
          endpoint: connection.endpoint,
          zone: connection.zone,
          credentials: connection.credentials,
          budget: { callsPerHour: q.callsPerHour, burst: q.callBurst },
          logger: log.child({ provider: 'qingcloud' }),
          ...(registry === undefined ? {} : { onCall: createProviderCallCounter(registry, 'qingcloud') }),
        }),
        // Tags are attached while a create's job runs, which takes at least about one poll
        // interval: waiting that long to share the AttachTags call costs no time.
        { jobs: { intervalMs: q.jobPollIntervalMs }, tagBatching: { windowMs: q.jobPollIntervalMs } },
      );
      log.info(
        { endpoint: connection.endpoint, zone: connection.zone, credentials: connection.credentialsSource, callsPerHour: q.callsPerHour, routerType: q.routerType, tag: q.tagName, recheckAfterSeconds: q.recheckAfterSeconds },
        'using the QingCloud provider',
      );
      return new QingCloudProvider(api, { tagName: q.tagName, routerType: q.routerType, verifiedTtlMs: q.recheckAfterSeconds * 1000 });
    }
  }
}
