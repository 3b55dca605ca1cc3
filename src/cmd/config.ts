// Controller configuration: defaults, then a JSON config file (`--config` / TNC_CONFIG), then
// environment variables, then `--key=value` flags. Pure: parsing returns the config or the
// precise reasons it is invalid, so start-up fails with a message naming the bad value.
import { isProviderName, type ProviderName } from '../api/provider-names.js';
import { parseCidr } from '../ipam/index.js';
import { DEFAULT_QINGCLOUD_CONFIG, qingcloudConfigErrors, type QingCloudConfig } from './qingcloud-config.js';

export interface ControllerConfigFile {
  provider: ProviderName;
  namespace: string;
  systemNamespaces: string[];
  allowedIngressCIDRs: string[];
  allowedIngressNamespaces: string[];
  egressIsolation: boolean;
  extraPodCidrs: string[];
  vpcPool: string[];
  vpcPrefixLength: number;
  probePort: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  leaderElection: boolean;
  leaseName: string;
  concurrency: number;
  calico: { blockSize: number; ipipMode: 'Never' | 'Always' | 'CrossSubnet'; vxlanMode: 'Never' | 'Always' | 'CrossSubnet'; natOutgoing: boolean };
  qingcloud: QingCloudConfig;
}

export const DEFAULT_SYSTEM_NAMESPACES = ['kube-system', 'kubesphere-system', 'kubesphere-controls-system', 'kubesphere-monitoring-system', 'kubesphere-logging-system'];

export const DEFAULT_CONFIG: ControllerConfigFile = {
  provider: 'calico',
  namespace: 'tenant-network-system',
  systemNamespaces: DEFAULT_SYSTEM_NAMESPACES,
  allowedIngressCIDRs: [],
  allowedIngressNamespaces: [],
  egressIsolation: true,
  extraPodCidrs: [],
  vpcPool: ['10.128.0.0/10'],
  vpcPrefixLength: 16,
  probePort: 8081,
  logLevel: 'info',
  leaderElection: true,
  leaseName: 'tenant-network-controller',
  concurrency: 8,
  calico: { blockSize: 28, ipipMode: 'Never', vxlanMode: 'CrossSubnet', natOutgoing: true },
  qingcloud: DEFAULT_QINGCLOUD_CONFIG,
};

/** Environment variable and flag names for each scalar or list setting. */
const KEYS: Record<string, { env: string; flag: string; kind: 'string' | 'list' | 'int' | 'bool' }> = {
  provider: { env: 'TNC_PROVIDER', flag: 'provider', kind: 'string' },
  namespace: { env: 'POD_NAMESPACE', flag: 'namespace', kind: 'string' },
  systemNamespaces: { env: 'TNC_SYSTEM_NAMESPACES', flag: 'system-namespaces', kind: 'list' },
  allowedIngressCIDRs: { env: 'TNC_ALLOWED_INGRESS_CIDRS', flag: 'allowed-ingress-cidrs', kind: 'list' },
  allowedIngressNamespaces: { env: 'TNC_ALLOWED_INGRESS_NAMESPACES', flag: 'allowed-ingress-namespaces', kind: 'list' },
  egressIsolation: { env: 'TNC_EGRESS_ISOLATION', flag: 'egress-isolation', kind: 'bool' },
  extraPodCidrs: { env: 'TNC_EXTRA_POD_CIDRS', flag: 'extra-pod-cidrs', kind: 'list' },
  vpcPool: { env: 'TNC_VPC_POOL', flag: 'vpc-pool', kind: 'list' },
  vpcPrefixLength: { env: 'TNC_VPC_PREFIX_LENGTH', flag: 'vpc-prefix-length', kind: 'int' },
  probePort: { env: 'TNC_PROBE_PORT', flag: 'probe-port', kind: 'int' },
  logLevel: { env: 'TNC_LOG_LEVEL', flag: 'log-level', kind: 'string' },
  leaderElection: { env: 'TNC_LEADER_ELECTION', flag: 'leader-election', kind: 'bool' },
  leaseName: { env: 'TNC_LEASE_NAME', flag: 'lease-name', kind: 'string' },
  concurrency: { env: 'TNC_CONCURRENCY', flag: 'concurrency', kind: 'int' },
};

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
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG, calico: { ...DEFAULT_CONFIG.calico }, qingcloud: { ...DEFAULT_CONFIG.qingcloud } };
  if (file !== undefined) {
    if (file === null || typeof file !== 'object' || Array.isArray(file)) return { ok: false, errors: ['config file: must be a JSON object'] };
    for (const [key, value] of Object.entries(file)) {
      if (!(key in DEFAULT_CONFIG)) errors.push(`config file: unknown setting ${JSON.stringify(key)}`);
      else if (key === 'calico') merged[key] = { ...DEFAULT_CONFIG.calico, ...(value as object) };
      // A non-object is kept as given so validation names it.
      else if (key === 'qingcloud') merged[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...DEFAULT_CONFIG.qingcloud, ...value } : value;
      else merged[key] = value;
    }
  }
  for (const [key, spec] of Object.entries(KEYS)) {
    const raw = env[spec.env];
    if (raw !== undefined && raw !== '') merged[key] = convert(spec.kind, raw, spec.env, errors);
  }
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    const entry = match === null ? undefined : Object.entries(KEYS).find(([, spec]) => spec.flag === match[1]);
    if (match === null || entry === undefined) {
      if (!arg.startsWith('--config=')) errors.push(`unknown flag ${arg}`);
      continue;
    }
    merged[entry[0]] = convert(entry[1].kind, match[2] ?? '', `--${entry[1].flag}`, errors);
  }
  const config = merged as unknown as ControllerConfigFile;
  errors.push(...validateConfig(config));
  return errors.length === 0 ? { ok: true, config } : { ok: false, errors };
}

export function validateConfig(c: ControllerConfigFile): string[] {
  const errors: string[] = [];
  if (!isProviderName(c.provider)) errors.push(`provider: ${JSON.stringify(c.provider)} is not one of calico, qingcloud`);
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
  cidrList('extraPodCidrs', c.extraPodCidrs);
  if (Array.isArray(c.vpcPool) && c.vpcPool.length === 0) errors.push('vpcPool: needs at least one range');
  if (!Number.isInteger(c.vpcPrefixLength) || c.vpcPrefixLength < 8 || c.vpcPrefixLength > 28) errors.push(`vpcPrefixLength: ${c.vpcPrefixLength} must be an integer from 8 to 28`);
  if (!Number.isInteger(c.probePort) || c.probePort < 0 || c.probePort > 65535) errors.push(`probePort: ${c.probePort} is not a port`);
  if (!Number.isInteger(c.concurrency) || c.concurrency < 1 || c.concurrency > 256) errors.push(`concurrency: ${c.concurrency} must be from 1 to 256`);
  if (!['trace', 'debug', 'info', 'warn', 'error'].includes(c.logLevel)) errors.push(`logLevel: ${JSON.stringify(c.logLevel)} is not one of trace, debug, info, warn, error`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(c.namespace)) errors.push(`namespace: ${JSON.stringify(c.namespace)} is not a namespace name`);
  errors.push(...qingcloudConfigErrors(c.qingcloud));
  return errors;
}
