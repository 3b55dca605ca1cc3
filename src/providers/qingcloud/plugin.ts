// The QingCloud provider as the controller sees it from outside: its name, its `qingcloud`
// configuration section, no CRDs it cannot start without (hostnic's VxNetPool is checked when a
// subnet is registered, so a missing one is a condition, not a refusal to start), and how it is
// built: the credentials read once (connection.ts), one API client with the account's call budget,
// hostnic's registrar, the provider on top.
import type { ProviderPlugin } from '../plugin.js';
import { QingCloudApi } from './api.js';
import { QingCloudClient } from './client.js';
import { DEFAULT_QINGCLOUD_CONFIG, hostnicSettingsOf, qingcloudConfigErrors, type QingCloudConfig } from './config.js';
import { HostnicRegistrar } from './hostnic/registrar.js';
import { HOSTNIC_POD_VXNET_ANNOTATION } from './hostnic/settings.js';
import { loadQingCloudConnection } from './connection.js';
import { QINGCLOUD } from './naming.js';
import { QingCloudProvider } from './provider.js';

export const qingcloudPlugin: ProviderPlugin<QingCloudConfig> = {
  name: QINGCLOUD,
  config: { defaults: DEFAULT_QINGCLOUD_CONFIG, errors: qingcloudConfigErrors },
  requiredCrds: [],
  create: async (q, { client, log, namespace, env, countCall }) => {
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
  },
};
