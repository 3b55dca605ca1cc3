// The part of the controller's configuration the CLI needs to compute what the controller computes
// (which namespaces are system namespaces, who may enter projects from outside, the pod ranges) and
// to check an installation (its namespace, Lease and webhook configuration), read from the chart's
// config file (`config.json` of the ConfigMap labelled CONTROLLER_CONFIG_LABEL). Pure. Defaults are
// the controller's own (src/cmd/config.ts DEFAULT_CONFIG; controller-settings.test.ts keeps them
// equal), so a file that names only what it changes means the same here as there.
import { DEFAULT_VPC_POOL_RANGES } from '../ipam/defaults.js';
import { DEFAULT_CONTROLLER_NAMESPACE, DEFAULT_SYSTEM_NAMESPACES } from '../model/index.js';

/** Label of the chart's config ConfigMap, by which the CLI finds it (charts/…/templates/configmap.yaml). */
export const CONTROLLER_CONFIG_LABEL = 'sdn.kubesphere.io/controller-config';
export const CONTROLLER_CONFIG_KEY = 'config.json';
/** Annotation of that ConfigMap naming the Service in front of the controller's probes and metrics. */
export const METRICS_SERVICE_ANNOTATION = 'sdn.kubesphere.io/metrics-service';

export interface ControllerSettings {
  readonly provider: string;
  /** The controller's namespace (the chart's release namespace). */
  readonly namespace: string;
  /** Configured system namespaces plus the controller's own namespace, as the controller uses them. */
  readonly systemNamespaces: readonly string[];
  readonly allowedIngressCIDRs: readonly string[];
  readonly allowedIngressNamespaces: readonly string[];
  readonly egressIsolation: boolean;
  readonly extraPodCidrs: readonly string[];
  readonly vpcPool: readonly string[];
  /** The leader-election Lease in `namespace`; undefined when leader election is off. */
  readonly leaseName?: string;
  readonly webhook: { readonly enabled: boolean; readonly configurationName: string };
  /** The traffic sampler: how often the leader writes status.traffic. */
  readonly traffic: { readonly enabled: boolean; readonly periodSeconds: number };
}

/** Where the settings came from: the chart's ConfigMap, or nowhere (then they are the defaults). */
export type SettingsSource =
  | { readonly kind: 'configMap'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'defaults'; readonly reason: string };

export interface LoadedSettings {
  readonly settings: ControllerSettings;
  readonly source: SettingsSource;
  /** Fields of the file that were not of the expected type (their defaults were used). */
  readonly problems: readonly string[];
  /** The Service (port `metrics`) in front of the controller's /readyz and /metrics, when the chart says. */
  readonly metricsService?: string;
}

const DEFAULT_PROVIDER = 'calico';
const DEFAULT_LEASE_NAME = 'tenant-network-controller';
const DEFAULT_WEBHOOK_CONFIGURATION = 'tenant-network-controller';
const DEFAULT_TRAFFIC_PERIOD_SECONDS = 300;

function withOwnNamespace(systemNamespaces: readonly string[], namespace: string): string[] {
  return [...new Set([...systemNamespaces, namespace])];
}

/** What the controller runs with when its file says nothing. */
export const DEFAULT_SETTINGS: ControllerSettings = {
  provider: DEFAULT_PROVIDER,
  namespace: DEFAULT_CONTROLLER_NAMESPACE,
  systemNamespaces: withOwnNamespace(DEFAULT_SYSTEM_NAMESPACES, DEFAULT_CONTROLLER_NAMESPACE),
  allowedIngressCIDRs: [],
  allowedIngressNamespaces: [],
  egressIsolation: true,
  extraPodCidrs: [],
  vpcPool: DEFAULT_VPC_POOL_RANGES,
  leaseName: DEFAULT_LEASE_NAME,
  // The controller's bare default is off; the chart, which writes the file, always says.
  webhook: { enabled: false, configurationName: DEFAULT_WEBHOOK_CONFIGURATION },
  traffic: { enabled: true, periodSeconds: DEFAULT_TRAFFIC_PERIOD_SECONDS },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads one field, keeping the default (and saying so) when the file has it in another shape. */
class FieldReader {
  readonly problems: string[] = [];
  private readonly file: Record<string, unknown>;

  constructor(file: Record<string, unknown>) {
    this.file = file;
  }

  private read<T>(key: string, value: unknown, fallback: T, ok: (v: unknown) => v is T, what: string): T {
    if (value === undefined) return fallback;
    if (ok(value)) return value;
    this.problems.push(`${key}: expected ${what}, found ${JSON.stringify(value)}`);
    return fallback;
  }

  strings(key: string, fallback: readonly string[]): readonly string[] {
    return this.read(key, this.file[key], fallback, (v): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'a list of strings');
  }

  text(key: string, fallback: string, value: unknown = this.file[key]): string {
    return this.read(key, value, fallback, (v): v is string => typeof v === 'string' && v !== '', 'a non-empty string');
  }

  flag(key: string, fallback: boolean, value: unknown = this.file[key]): boolean {
    return this.read(key, value, fallback, (v): v is boolean => typeof v === 'boolean', 'true or false');
  }

  count(key: string, fallback: number, value: unknown = this.file[key]): number {
    return this.read(key, value, fallback, (v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0, 'a positive integer');
  }
}

/** The settings a controller with this config file runs with (file over defaults, as the controller merges it). */
export function settingsFromConfigFile(file: unknown): { settings: ControllerSettings; problems: readonly string[] } {
  if (!isRecord(file)) return { settings: DEFAULT_SETTINGS, problems: [`expected a JSON object, found ${JSON.stringify(file)}`] };
  const read = new FieldReader(file);
  const namespace = read.text('namespace', DEFAULT_SETTINGS.namespace);
  const webhook = isRecord(file.webhook) ? file.webhook : {};
  const traffic = isRecord(file.traffic) ? file.traffic : {};
  const leaderElection = read.flag('leaderElection', true);
  const leaseName = read.text('leaseName', DEFAULT_LEASE_NAME);
  const settings: ControllerSettings = {
    provider: read.text('provider', DEFAULT_SETTINGS.provider),
    namespace,
    systemNamespaces: withOwnNamespace(read.strings('systemNamespaces', DEFAULT_SYSTEM_NAMESPACES), namespace),
    allowedIngressCIDRs: read.strings('allowedIngressCIDRs', []),
    allowedIngressNamespaces: read.strings('allowedIngressNamespaces', []),
    egressIsolation: read.flag('egressIsolation', true),
    extraPodCidrs: read.strings('extraPodCidrs', []),
    vpcPool: read.strings('vpcPool', DEFAULT_VPC_POOL_RANGES),
    ...(leaderElection ? { leaseName } : {}),
    webhook: {
      enabled: read.flag('webhook.enabled', DEFAULT_SETTINGS.webhook.enabled, webhook.enabled),
      configurationName: read.text('webhook.configurationName', DEFAULT_WEBHOOK_CONFIGURATION, webhook.configurationName),
    },
    traffic: {
      enabled: read.flag('traffic.enabled', true, traffic.enabled),
      periodSeconds: read.count('traffic.periodSeconds', DEFAULT_TRAFFIC_PERIOD_SECONDS, traffic.periodSeconds),
    },
  };
  return { settings, problems: read.problems };
}

/** One line for stderr when the CLI runs on assumed defaults: what it assumes and why. */
export function assumedDefaultsNote(loaded: LoadedSettings): string | undefined {
  if (loaded.source.kind !== 'defaults') return undefined;
  const s = loaded.settings;
  return `note: assuming the controller's default settings (system namespaces ${s.systemNamespaces.join(', ')}; no allowed ingress namespaces or CIDRs): ${loaded.source.reason}`;
}

/** `configmap ns/name` or `defaults`, for reports. */
export function describeSource(source: SettingsSource): string {
  return source.kind === 'configMap' ? `configmap ${source.namespace}/${source.name}` : 'defaults';
}
