// Finds the controller's settings in the cluster: the chart's config ConfigMap, by its label —
// cluster-wide when the user may list ConfigMaps everywhere, else in the controller namespace
// (--controller-namespace, default tenant-network-system). Anything else (none found, several,
// forbidden, unreadable) yields the defaults with the reason, which the commands print; a server
// that cannot be reached fails the command.
import { isForbidden } from '../kube/api-error.js';
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import { CORE } from '../kube/resource.js';
import { DEFAULT_CONTROLLER_NAMESPACE } from '../model/index.js';
import { errorMessage } from '../util/errors.js';
import { CONTROLLER_CONFIG_KEY, CONTROLLER_CONFIG_LABEL, DEFAULT_SETTINGS, METRICS_SERVICE_ANNOTATION, settingsFromConfigFile, type LoadedSettings } from './controller-settings.js';

type ConfigMap = KubeObject & { data?: Record<string, string> };

function defaults(reason: string): LoadedSettings {
  return { settings: DEFAULT_SETTINGS, source: { kind: 'defaults', reason }, problems: [] };
}

function where(namespace: string | undefined): string {
  return namespace === undefined ? 'in the cluster' : `in namespace ${namespace}`;
}

/** The settings of the one ConfigMap found; the defaults, with the reason, for none or several. */
export function settingsFromConfigMaps(found: readonly ConfigMap[], namespace: string | undefined): LoadedSettings {
  if (found.length === 0) return defaults(`no ConfigMap labelled ${CONTROLLER_CONFIG_LABEL}=true ${where(namespace)}`);
  const names = found.map((c) => `${c.metadata?.namespace ?? ''}/${c.metadata?.name ?? ''}`);
  if (found.length > 1) return defaults(`${found.length} controller configurations ${where(namespace)} (${names.join(', ')}): pass --controller-namespace`);
  const [configMap] = found as [ConfigMap];
  const text = configMap.data?.[CONTROLLER_CONFIG_KEY];
  if (text === undefined) return defaults(`ConfigMap ${names[0] ?? ''} has no ${CONTROLLER_CONFIG_KEY}`);
  let file: unknown;
  try {
    file = JSON.parse(text) as unknown;
  } catch (err) {
    return defaults(`ConfigMap ${names[0] ?? ''}: ${CONTROLLER_CONFIG_KEY} is not JSON (${errorMessage(err)})`);
  }
  const { settings, problems } = settingsFromConfigFile(file);
  const metricsService = configMap.metadata?.annotations?.[METRICS_SERVICE_ANNOTATION];
  return {
    settings,
    source: { kind: 'configMap', namespace: configMap.metadata?.namespace ?? '', name: configMap.metadata?.name ?? '' },
    problems,
    ...(metricsService === undefined || metricsService === '' ? {} : { metricsService }),
  };
}

async function listConfigs(client: KubeClient, namespace: string | undefined): Promise<ConfigMap[]> {
  const list = await client.list<ConfigMap>(CORE.configMaps, { labelSelector: `${CONTROLLER_CONFIG_LABEL}=true`, ...(namespace === undefined ? {} : { namespace }) });
  return list.items;
}

export async function fetchSettings(client: KubeClient, controllerNamespace: string | undefined): Promise<LoadedSettings> {
  const namespaces = controllerNamespace === undefined ? [undefined, DEFAULT_CONTROLLER_NAMESPACE] : [controllerNamespace];
  const refusals: string[] = [];
  for (const namespace of namespaces) {
    try {
      return settingsFromConfigMaps(await listConfigs(client, namespace), namespace);
    } catch (err) {
      // Anything but a refusal (an unreachable server) fails the command as any other request would.
      if (!isForbidden(err)) throw err;
      refusals.push(`ConfigMaps ${where(namespace)}`);
    }
  }
  return defaults(`not allowed to list ${refusals.join(', nor ')}`);
}
