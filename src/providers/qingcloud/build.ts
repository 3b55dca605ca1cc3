// How the QingCloud provider is built, loaded only when the configuration chooses it (plugin.ts):
// the credentials read once (connection.ts), one API client with the account's call budget,
// hostnic's registrar, the provider on top. Its HTTP client (axios) costs a Calico controller
// ~10 MiB of memory it would never use.
import type { NetworkProvider } from '../contract.js';
import type { ProviderDependencies } from '../plugin.js';
import { QingCloudApi } from './api.js';
import { QingCloudClient } from './client.js';
import { hostnicSettingsOf, type QingCloudConfig } from './config.js';
import { HostnicRegistrar } from './hostnic/registrar.js';
import { HOSTNIC_POD_VXNET_ANNOTATION } from './hostnic/settings.js';
import { loadQingCloudConnection } from './connection.js';
import { QINGCLOUD } from './naming.js';
import { QingCloudProvider } from './provider.js';

export async function buildQingCloudProvider(q: QingCloudConfig, { client, log, namespace, env, countCall }: ProviderDependencies): Promise<NetworkProvider> {
  const connection = await loadQingCloudConnection(q, namespace, env, client);
  const api = new QingCloudApi(
    new QingCloudClient({
      endpoint: connection.endpoint,
      zone: connection.zone,
      credentials: connection.credentials,
      budget: { callsPerHour: q.callsPerHour, burst: q.callBurst },
      logger: log.child({ provider: QINGCLOUD }),
      ...(countCall === undefined ? {} : { onCall: countCall }),
    }),
    // Tags are attached while a create's job runs, which takes at least about one poll
    // interval: waiting that long to share the AttachTags call costs no time.
    { jobs: { intervalMs: q.jobPollIntervalMs }, tagBatching: { windowMs: q.jobPollIntervalMs } },
  );
  log.info(
    { endpoint: connection.endpoint, zone: connection.zone, credentials: connection.credentialsSource, callsPerHour: q.callsPerHour, routerType: q.routerType, tag: q.tagName, recheckAfterSeconds: q.recheckAfterSeconds },
    'using the QingCloud provider',
  );
  const hostnic = hostnicSettingsOf(q);
  log.info({ mode: hostnic.mode, autoAssign: hostnic.autoAssign, vxnetPool: hostnic.vxnetPool, configMap: q.hostnicConfigMap }, 'telling hostnic which vxnet each project uses');
  return new QingCloudProvider(api, {
    tagName: q.tagName,
    routerType: q.routerType,
    verifiedTtlMs: q.recheckAfterSeconds * 1000,
    ...(hostnic.mode === 'vxnetpool' ? { hostnic: new HostnicRegistrar(client, hostnic) } : {}),
    ...(hostnic.mode === 'annotation' ? { podSubnetAnnotationKey: HOSTNIC_POD_VXNET_ANNOTATION } : {}),
  });
}
