// Controller configuration: defaults, then a JSON config file (`--config` / TNC_CONFIG), then
// environment variables, then `--key=value` flags. Pure: parsing returns the config or the
// precise reasons it is invalid, so start-up fails with a message naming the bad value. Each
// provider's section (keyed by the provider's name) comes from the provider registry, with its
// defaults and validation.
import { POD_SECURITY_LEVELS, type PodSecurityLevel } from '../controller/project/guard-marks.js';
import { DEFAULT_VPC_POOL_RANGES, DEFAULT_VPC_PREFIX_LENGTH, parseCidr } from '../ipam/index.js';
import { DEFAULT_CONTROLLER_NAMESPACE, DEFAULT_SYSTEM_NAMESPACES } from '../model/index.js';
import { DEFAULT_PROVIDER, PROVIDER_NAMES, PROVIDERS, providerNamed } from '../providers/registry.js';
import { DEFAULT_ORPHAN_SETTINGS, orphanSettingsErrors, type OrphanSettings } from '../controller/orphans/settings.js';
import { DEFAULT_TRAFFIC_SETTINGS, trafficSettingsErrors, type TrafficSettings } from '../metrics/traffic-settings.js';
import { DEFAULT_WEBHOOK_SETTINGS, webhookSettingsErrors, type WebhookSettings } from '../webhook/webhook-settings.js';

export interface ControllerConfigFile {
  provider: string;
  namespace: string;
  systemNamespaces: string[];
  allowedIngressCIDRs: string[];
  allowedIngressNamespaces: string[];
  egressIsolation: boolean;
  deniedEgressCIDRs: string[];
  podSecurity: PodSecurityLevel;
  extraPodCidrs: string[];
  vpcPool: string[];
  vpcPrefixLength: number;
  probePort: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  leaderElection: boolean;
  leaseName: string;
  concurrency: number;
  /** Each provider's section by provider name, merged over its defaults and validated by the provider. */
  providers: Readonly<Record<string, object>>;
  /** The pod admission webhook (every replica) and the bandwidth-change Events (leader). */
  webhook: WebhookSettings;
  /** The traffic sampler (leader). */
  traffic: TrafficSettings;
  /** The orphan sweep (leader). */
  orphans: OrphanSettings;
}

export const DEFAULT_CONFIG: ControllerConfigFile = {
  provider: DEFAULT_PROVIDER,
  namespace: DEFAULT_CONTROLLER_NAMESPACE,
  systemNamespaces: [...DEFAULT_SYSTEM_NAMESPACES],
  allowedIngressCIDRs: [],
  allowedIngressNamespaces: [],
  egressIsolation: true,
  // The instance metadata service of most clouds (QingCloud's included): its answers belong to the node.
  deniedEgressCIDRs: ['169.254.169.254/32'],
  // hostNetwork and privileged pods would bypass every NetworkPolicy and bandwidth limit.
  podSecurity: 'baseline',
  extraPodCidrs: [],
  vpcPool: [...DEFAULT_VPC_POOL_RANGES],
  vpcPrefixLength: DEFAULT_VPC_PREFIX_LENGTH,
  probePort: 8081,
  logLevel: 'info',
  leaderElection: true,
  leaseName: 'tenant-network-controller',
  concurrency: 8,
  providers: Object.fromEntries(PROVIDERS.map((p) => [p.name, p.config.defaults])),
  // Off when run bare (`make run`: no Service, no webhook configuration); the chart turns it on.
  webhook: { ...DEFAULT_WEBHOOK_SETTINGS, enabled: false },
  traffic: DEFAULT_TRAFFIC_SETTINGS,
  orphans: DEFAULT_ORPHAN_SETTINGS,
};

/** Sections merged key by key over their defaults (a file need only name what it changes); provider sections too. */
const SECTIONS = ['webhook', 'traffic', 'orphans'] as const;
/** Keys of the parsed configuration that a file cannot set directly. */
const NOT_IN_FILE: ReadonlySet<string> = new Set(['providers']);

/** Environment variable and flag names for each scalar or list setting. */
const KEYS: Record<string, { env: string; flag: string; kind: 'string' | 'list' | 'int' | 'bool' }> = {
  provider: { env: 'TNC_PROVIDER', flag: 'provider', kind: 'string' },
  namespace: { env: 'POD_NAMESPACE', flag: 'namespace', kind: 'string' },
  systemNamespaces: { env: 'TNC_SYSTEM_NAMESPACES', flag: 'system-namespaces', kind: 'list' },
  allowedIngressCIDRs: { env: 'TNC_ALLOWED_INGRESS_CIDRS', flag: 'allowed-ingress-cidrs', kind: 'list' },
  allowedIngressNamespaces: { env: 'TNC_ALLOWED_INGRESS_NAMESPACES', flag: 'allowed-ingress-namespaces', kind: 'list' },
  egressIsolation: { env: 'TNC_EGRESS_ISOLATION', flag: 'egress-isolation', kind: 'bool' },
  deniedEgressCIDRs: { env: 'TNC_DENIED_EGRESS_CIDRS', flag: 'denied-egress-cidrs', kind: 'list' },
  podSecurity: { env: 'TNC_POD_SECURITY', flag: 'pod-security', kind: 'string' },
  extraPodCidrs: { env: 'TNC_EXTRA_POD_CIDRS', flag: 'extra-pod-cidrs', kind: 'list' },
  vpcPool: { env: 'TNC_VPC_POOL', flag: 'vpc-pool', kind: 'list' },
  vpcPrefixLength: { env: 'TNC_VPC_PREFIX_LENGTH', flag: 'vpc-prefix-length', kind: 'int' },
  probePort: { env: 'TNC_PROBE_PORT', flag: 'probe-port', kind: 'int' },
  logLevel: { env: 'TNC_LOG_LEVEL', flag: 'log-level', kind: 'string' },
  leaderElection: { env: 'TNC_LEADER_ELECTION', flag: 'leader-election', kind: 'bool' },
  leaseName: { env: 'TNC_LEASE_NAME', flag: 'lease-name', kind: 'string' },
  concurrency: { env: 'TNC_CONCURRENCY', flag: 'concurrency', kind: 'int' },
  'webhook.enabled': { env: 'TNC_WEBHOOK_ENABLED', flag: 'webhook-enabled', kind: 'bool' },
  'webhook.port': { env: 'TNC_WEBHOOK_PORT', flag: 'webhook-port', kind: 'int' },
  'webhook.annotationSets': { env: 'TNC_WEBHOOK_ANNOTATION_SETS', flag: 'webhook-annotation-sets', kind: 'list' },
  'webhook.ipAddresses': { env: 'TNC_WEBHOOK_IP_ADDRESSES', flag: 'webhook-ip-addresses', kind: 'list' },
  'traffic.enabled': { env: 'TNC_TRAFFIC_ENABLED', flag: 'traffic-enabled', kind: 'bool' },
  'traffic.periodSeconds': { env: 'TNC_TRAFFIC_PERIOD_SECONDS', flag: 'traffic-period-seconds', kind: 'int' },
  'traffic.prometheusUrl': { env: 'TNC_TRAFFIC_PROMETHEUS_URL', flag: 'traffic-prometheus-url', kind: 'string' },
  'orphans.mode': { env: 'TNC_ORPHANS_MODE', flag: 'orphans-mode', kind: 'string' },
};

/** Sets a top-level key, or `section.key` inside a section (already an object after merging). */
function setKey(merged: Record<string, unknown>, key: string, value: unknown): void {
  const [section, field] = key.split('.');
  if (section === undefined) return;
  if (field === undefined) {
    merged[section] = value;
    return;
  }
  const current = merged[section];
  merged[section] = { ...(isPlainObject(current) ? current : {}), [field]: value };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type ConfigResult = { readonly ok: true; readonly config: ControllerConfigFile } | { readonly ok: false; readonly errors: readonly string[] };

function convert(kind: 'string' | 'list' | 'int' | 'bool', raw: string, source: string, errors: string[]): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    case 'int': {
      if (!/^-?\d+$/.test(raw)) errors.push(`${source}: ${JSON.stringify(raw)} is not an integer`);
      return Number(raw);
    }
    case 'bool':
      if (raw !== 'true' && raw !== 'false') errors.push(`${source}: ${JSON.stringify(raw)} is not true or false`);
      return raw === 'true';
  }
}

export function parseConfig(file: unknown, env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): ConfigResult {
  const errors: string[] = [];
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const section of SECTIONS) merged[section] = { ...DEFAULT_CONFIG[section] };
  const providers: Record<string, unknown> = { ...DEFAULT_CONFIG.providers };
  merged.providers = providers;
  if (file !== undefined) {
    if (!isPlainObject(file)) return { ok: false, errors: ['config file: must be a JSON object'] };
    for (const [key, value] of Object.entries(file)) {
      const provider = providerNamed(key);
      // A non-object is kept as given so validation names it.
      if (provider !== undefined) providers[key] = isPlainObject(value) ? { ...provider.config.defaults, ...value } : value;
      else if (!(key in DEFAULT_CONFIG) || NOT_IN_FILE.has(key)) errors.push(`config file: unknown setting ${JSON.stringify(key)}`);
      else if ((SECTIONS as readonly string[]).includes(key)) {
        const defaults = DEFAULT_CONFIG[key as (typeof SECTIONS)[number]];
        if (!isPlainObject(value)) merged[key] = value;
        else {
          for (const field of Object.keys(value)) if (!(field in defaults)) errors.push(`config file: unknown setting ${JSON.stringify(`${key}.${field}`)}`);
          merged[key] = { ...defaults, ...value };
        }
      } else merged[key] = value;
    }
  }
  for (const [key, spec] of Object.entries(KEYS)) {
    const raw = env[spec.env];
    if (raw !== undefined && raw !== '') setKey(merged, key, convert(spec.kind, raw, spec.env, errors));
  }
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    const entry = match === null ? undefined : Object.entries(KEYS).find(([, spec]) => spec.flag === match[1]);
    if (match === null || entry === undefined) {
      if (!arg.startsWith('--config=')) errors.push(`unknown flag ${arg}`);
      continue;
    }
    setKey(merged, entry[0], convert(entry[1].kind, match[2] ?? '', `--${entry[1].flag}`, errors));
  }
  const config = merged as unknown as ControllerConfigFile;
  errors.push(...validateConfig(config));
  return errors.length === 0 ? { ok: true, config } : { ok: false, errors };
}

export function validateConfig(c: ControllerConfigFile): string[] {
  const errors: string[] = [];
  if (providerNamed(c.provider) === undefined) errors.push(`provider: ${JSON.stringify(c.provider)} is not one of ${PROVIDER_NAMES.join(', ')}`);
  const cidrList = (name: string, list: unknown): void => {
    if (!Array.isArray(list)) {
      errors.push(`${name}: must be a list of CIDRs`);
      return;
    }
    for (const item of list) {
      if (typeof item !== 'string') {
        errors.push(`${name}: ${JSON.stringify(item)} is not a string`);
        continue;
      }
      const parsed = parseCidr(item);
      if (!parsed.ok) errors.push(`${name}: ${JSON.stringify(item)} is not a valid network CIDR (${parsed.message})`);
    }
  };
  cidrList('vpcPool', c.vpcPool);
  cidrList('allowedIngressCIDRs', c.allowedIngressCIDRs);
  cidrList('deniedEgressCIDRs', c.deniedEgressCIDRs);
  if (!(POD_SECURITY_LEVELS as readonly unknown[]).includes(c.podSecurity)) errors.push(`podSecurity: ${JSON.stringify(c.podSecurity)} is not one of privileged, baseline, restricted or "" (leave namespaces alone)`);
  cidrList('extraPodCidrs', c.extraPodCidrs);
  if (Array.isArray(c.vpcPool) && c.vpcPool.length === 0) errors.push('vpcPool: needs at least one range');
  if (!Number.isInteger(c.vpcPrefixLength) || c.vpcPrefixLength < 8 || c.vpcPrefixLength > 28) errors.push(`vpcPrefixLength: ${c.vpcPrefixLength} must be an integer from 8 to 28`);
  if (!Number.isInteger(c.probePort) || c.probePort < 0 || c.probePort > 65535) errors.push(`probePort: ${c.probePort} is not a port`);
  if (!Number.isInteger(c.concurrency) || c.concurrency < 1 || c.concurrency > 256) errors.push(`concurrency: ${c.concurrency} must be from 1 to 256`);
  if (!['trace', 'debug', 'info', 'warn', 'error'].includes(c.logLevel)) errors.push(`logLevel: ${JSON.stringify(c.logLevel)} is not one of trace, debug, info, warn, error`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(c.namespace)) errors.push(`namespace: ${JSON.stringify(c.namespace)} is not a namespace name`);
  for (const provider of PROVIDERS) errors.push(...provider.config.errors(c.providers[provider.name]));
  if (isPlainObject(c.webhook)) errors.push(...webhookSettingsErrors(c.webhook));
  else errors.push('webhook: must be an object');
  if (isPlainObject(c.traffic)) errors.push(...trafficSettingsErrors(c.traffic));
  else errors.push('traffic: must be an object');
  if (isPlainObject(c.orphans)) errors.push(...orphanSettingsErrors(c.orphans));
  else errors.push('orphans: must be an object');
  return errors;
}
