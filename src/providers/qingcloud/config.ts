// The `qingcloud` section of the controller configuration. It names where the credentials are (a
// Secret) but never holds them, so the whole config object stays safe to log. The hostnic settings
// are flat keys (hostnic*) because sections merge over their defaults one key deep.
import { AUTO_ASSIGN_MODES, DEFAULT_HOSTNIC_SETTINGS, HOSTNIC_MODES, type AutoAssignMode, type HostnicMode, type HostnicSettings } from './hostnic/settings.js';

export interface QingCloudConfig {
  /** Secret with `qy_access_key_id`, `qy_secret_access_key` and optionally `zone`, `endpoint`. */
  readonly credentialsSecret: string;
  /** Namespace of that Secret; '' = the controller's namespace. */
  readonly credentialsSecretNamespace: string;
  /** API endpoint; '' = the Secret's `endpoint`, else the public QingCloud endpoint. */
  readonly endpoint: string;
  /** Zone; '' = the Secret's `zone`. */
  readonly zone: string;
  /** The account's API-call quota (QingCloud documents 2,000 per hour). */
  readonly callsPerHour: number;
  /** Calls allowed back to back before the hourly rate applies. */
  readonly callBurst: number;
  /** 0 medium, 1 small, 2 large, 3 extra-large. */
  readonly routerType: number;
  /** The controller-wide ownership tag attached to everything it creates (under 15 characters). */
  readonly tagName: string;
  /** Time between DescribeJobs polls. */
  readonly jobPollIntervalMs: number;
  /**
   * How long a router or vxnet the controller created or looked at counts as verified: repeated
   * reconciles within this time cost no API call (0 = look it up every time).
   */
  readonly recheckAfterSeconds: number;
  /** How hostnic learns a project's vxnet: vxnetpool, annotation or off (hostnic/settings.ts). */
  readonly hostnicMode: HostnicMode;
  /** off: the controller maps project namespaces to their blocks; on: hostnic's own mapping is left alone. */
  readonly hostnicAutoAssign: AutoAssignMode;
  /** The VxNetPool the controller adds its vxnets to. */
  readonly hostnicVxNetPool: string;
  /** hostnic's IPAM ConfigMap as `<namespace>/<name>`. */
  readonly hostnicConfigMap: string;
  /** How long a hostnic change waits for others, so a burst is one write of each object. */
  readonly hostnicBatchWindowMs: number;
}

export const PUBLIC_QINGCLOUD_ENDPOINT = 'https://api.qingcloud.com/iaas/';

export const DEFAULT_QINGCLOUD_CONFIG: QingCloudConfig = {
  credentialsSecret: 'qingcloud-credentials',
  credentialsSecretNamespace: '',
  endpoint: '',
  zone: '',
  callsPerHour: 2000,
  callBurst: 20,
  routerType: 1,
  tagName: 'ks-vpc-ctl',
  jobPollIntervalMs: 2000,
  recheckAfterSeconds: 600,
  hostnicMode: DEFAULT_HOSTNIC_SETTINGS.mode,
  hostnicAutoAssign: DEFAULT_HOSTNIC_SETTINGS.autoAssign,
  hostnicVxNetPool: DEFAULT_HOSTNIC_SETTINGS.vxnetPool,
  hostnicConfigMap: `${DEFAULT_HOSTNIC_SETTINGS.configMapNamespace}/${DEFAULT_HOSTNIC_SETTINGS.configMapName}`,
  hostnicBatchWindowMs: DEFAULT_HOSTNIC_SETTINGS.batchWindowMs,
};

/** The hostnic settings the section describes (it passed qingcloudConfigErrors). */
export function hostnicSettingsOf(q: QingCloudConfig): HostnicSettings {
  const [configMapNamespace = '', configMapName = ''] = q.hostnicConfigMap.split('/');
  return { ...DEFAULT_HOSTNIC_SETTINGS, mode: q.hostnicMode, autoAssign: q.hostnicAutoAssign, vxnetPool: q.hostnicVxNetPool, configMapNamespace, configMapName, batchWindowMs: q.hostnicBatchWindowMs };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reasons the section is invalid, each naming the setting; empty when it is fine. */
export function qingcloudConfigErrors(section: unknown): string[] {
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return ['qingcloud: must be an object'];
  const q = section as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(q)) if (!(key in DEFAULT_QINGCLOUD_CONFIG)) errors.push(`qingcloud: unknown setting ${JSON.stringify(key)}`);
  const text = (key: keyof QingCloudConfig): string | undefined => {
    const value = q[key];
    if (typeof value === 'string') return value;
    errors.push(`qingcloud.${key}: ${JSON.stringify(value)} is not a string`);
    return undefined;
  };
  const integer = (key: keyof QingCloudConfig, min: number, max: number): void => {
    const value = q[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      errors.push(`qingcloud.${key}: ${JSON.stringify(value)} must be an integer from ${min} to ${max}`);
    }
  };
  const secret = text('credentialsSecret');
  if (secret !== undefined && (secret.length > 253 || !DNS_SUBDOMAIN.test(secret))) errors.push(`qingcloud.credentialsSecret: ${JSON.stringify(secret)} is not a Secret name`);
  const namespace = text('credentialsSecretNamespace');
  if (namespace !== undefined && namespace !== '' && !DNS_LABEL.test(namespace)) errors.push(`qingcloud.credentialsSecretNamespace: ${JSON.stringify(namespace)} is not a namespace name`);
  const endpoint = text('endpoint');
  if (endpoint !== undefined && endpoint !== '' && !isHttpUrl(endpoint)) errors.push(`qingcloud.endpoint: ${JSON.stringify(endpoint)} is not an http(s) URL`);
  text('zone');
  const tag = text('tagName');
  if (tag !== undefined && (tag.length === 0 || tag.length >= 15)) errors.push(`qingcloud.tagName: ${JSON.stringify(tag)} must have 1 to 14 characters`);
  integer('callsPerHour', 1, 1_000_000_000);
  integer('callBurst', 1, 10_000);
  integer('routerType', 0, 3);
  integer('jobPollIntervalMs', 10, 600_000);
  integer('recheckAfterSeconds', 0, 86_400);
  const oneOf = (key: keyof QingCloudConfig, values: readonly string[]): void => {
    const value = q[key];
    if (typeof value !== 'string' || !values.includes(value)) errors.push(`qingcloud.${key}: ${JSON.stringify(value)} must be one of ${values.join(', ')}`);
  };
  oneOf('hostnicMode', HOSTNIC_MODES);
  oneOf('hostnicAutoAssign', AUTO_ASSIGN_MODES);
  const pool = text('hostnicVxNetPool');
  if (pool !== undefined && (pool.length > 253 || !DNS_SUBDOMAIN.test(pool))) errors.push(`qingcloud.hostnicVxNetPool: ${JSON.stringify(pool)} is not an object name`);
  const configMap = text('hostnicConfigMap');
  if (configMap !== undefined) {
    const [ns = '', name = '', ...rest] = configMap.split('/');
    if (rest.length > 0 || !DNS_LABEL.test(ns) || name.length > 253 || !DNS_SUBDOMAIN.test(name)) errors.push(`qingcloud.hostnicConfigMap: ${JSON.stringify(configMap)} must be <namespace>/<name>`);
  }
  integer('hostnicBatchWindowMs', 0, 60_000);
  return errors;
}
