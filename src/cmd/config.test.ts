import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TRAFFIC_SETTINGS } from '../metrics/traffic-settings.js';
import { DEFAULT_WEBHOOK_SETTINGS } from '../webhook/webhook-settings.js';
import { DEFAULT_QINGCLOUD_CONFIG } from '../providers/qingcloud/index.js';
import { DEFAULT_CONFIG, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('uses the defaults when nothing is given', () => {
    expect(parseConfig(undefined, {}, [])).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('layers file, environment and flags in that order', () => {
    const result = parseConfig({ provider: 'qingcloud', concurrency: 2 }, { TNC_CONCURRENCY: '3', TNC_VPC_POOL: '10.0.0.0/8, 172.16.0.0/12' }, ['--concurrency=4']);
    expect(result.ok && result.config.provider).toBe('qingcloud');
    expect(result.ok && result.config.concurrency).toBe(4);
    expect(result.ok && result.config.vpcPool).toEqual(['10.0.0.0/8', '172.16.0.0/12']);
  });

  it.each([
    [{ provider: 'ovn' }, {}, [], 'provider: "ovn" is not one of calico, qingcloud'],
    [undefined, { TNC_VPC_POOL: '10.0.0.1/8' }, [], 'vpcPool: "10.0.0.1/8" is not a valid network CIDR'],
    [undefined, { TNC_PROBE_PORT: 'eighty' }, [], 'TNC_PROBE_PORT: "eighty" is not an integer'],
    [undefined, { TNC_EGRESS_ISOLATION: 'yes' }, [], 'TNC_EGRESS_ISOLATION: "yes" is not true or false'],
    [undefined, {}, ['--bogus=1'], 'unknown flag --bogus=1'],
    [{ vpcPools: [] }, {}, [], 'config file: unknown setting "vpcPools"'],
    [undefined, {}, ['--concurrency=0'], 'concurrency: 0 must be from 1 to 256'],
  ])('rejects %j %j %j naming the bad value', (file, env, argv, message) => {
    const result = parseConfig(file, env, argv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((e) => e.startsWith(message))).toBe(true);
  });
});

describe('the webhook and traffic sections', () => {
  it('default to a bare run: webhook off, traffic on (it needs a source to sample anything)', () => {
    const result = parseConfig(undefined, {}, []);
    expect(result.ok && result.config.webhook).toEqual({ ...DEFAULT_WEBHOOK_SETTINGS, enabled: false });
    expect(result.ok && result.config.traffic).toEqual(DEFAULT_TRAFFIC_SETTINGS);
  });

  it.each([
    ['a file changes only the keys it names', { webhook: { enabled: true, port: 10443 } }, {}, [], { webhook: { ...DEFAULT_WEBHOOK_SETTINGS, enabled: true, port: 10443 } }],
    ['the environment overrides the file', { webhook: { enabled: false } }, { TNC_WEBHOOK_ENABLED: 'true', TNC_WEBHOOK_ANNOTATION_SETS: 'kubernetes,calico', TNC_WEBHOOK_IP_ADDRESSES: '127.0.0.1' }, [], { webhook: { enabled: true, annotationSets: ['kubernetes', 'calico'], ipAddresses: ['127.0.0.1'] } }],
    ['a flag overrides the environment', undefined, { TNC_WEBHOOK_PORT: '9000' }, ['--webhook-port=9001'], { webhook: { port: 9001 } }],
    ['external certificates', { webhook: { certificates: 'external', secretName: 'from-cert-manager' } }, {}, [], { webhook: { certificates: 'external', secretName: 'from-cert-manager' } }],
    ['a Prometheus URL and period', { traffic: { periodSeconds: 60 } }, { TNC_TRAFFIC_PROMETHEUS_URL: 'http://prometheus:9090' }, [], { traffic: { ...DEFAULT_TRAFFIC_SETTINGS, periodSeconds: 60, prometheusUrl: 'http://prometheus:9090' } }],
    ['traffic switched off by flag', undefined, {}, ['--traffic-enabled=false', '--traffic-period-seconds=30'], { traffic: { enabled: false, periodSeconds: 30 } }],
  ] as const)('%s', (_name, file, env, argv, expected) => {
    const result = parseConfig(file, env, argv);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config).toMatchObject(expected);
  });

  it.each([
    [{ webhook: { port: 70000 } }, {}, [], 'webhook.port: 70000 is not a port'],
    [{ webhook: { certificates: 'cert-manager' } }, {}, [], 'webhook.certificates: "cert-manager" is not self-signed or external'],
    [{ webhook: { annotationSets: ['cilium'] } }, {}, [], 'webhook.annotationSets: "cilium" is not one of kubernetes, calico'],
    [{ webhook: { secretName: 'Not_A_Name' } }, {}, [], 'webhook.secretName: "Not_A_Name" is not an object name'],
    [{ webhook: { caValidityDays: 30, certValidityDays: 60 } }, {}, [], 'webhook.certValidityDays: 60 must not exceed caValidityDays (30)'],
    [{ webhook: { enable: true } }, {}, [], 'config file: unknown setting "webhook.enable"'],
    [{ webhook: true }, {}, [], 'webhook: must be an object'],
    [undefined, { TNC_WEBHOOK_ENABLED: 'yes' }, [], 'TNC_WEBHOOK_ENABLED: "yes" is not true or false'],
    [undefined, {}, ['--webhook-port=https'], '--webhook-port: "https" is not an integer'],
    [{ traffic: { periodSeconds: 5 } }, {}, [], 'traffic.periodSeconds: 5 must be an integer from 10 to 86400'],
    [undefined, { TNC_TRAFFIC_PROMETHEUS_URL: 'prometheus:9090' }, [], 'traffic.prometheusUrl: "prometheus:9090" is not an http(s) URL'],
    [{ traffic: { ingressQuery: ' ' } }, {}, [], 'traffic.ingressQuery: must not be empty'],
    [{ traffic: { prometheus: 'http://x' } }, {}, [], 'config file: unknown setting "traffic.prometheus"'],
    [{ traffic: [] }, {}, [], 'traffic: must be an object'],
  ] as const)('rejects %j %j %j naming the key', (file, env, argv, message) => {
    const result = parseConfig(file, env, argv);
    expect(result.ok ? [] : result.errors).toContainEqual(expect.stringContaining(message));
  });
});

describe('the provider sections', () => {
  it('come from the provider registry, each with its defaults', () => {
    expect(Object.keys(DEFAULT_CONFIG.providers)).toEqual(['calico', 'qingcloud']);
    expect(DEFAULT_CONFIG.providers.qingcloud).toEqual(DEFAULT_QINGCLOUD_CONFIG);
  });

  it('merge a partial section from the config file over its defaults', () => {
    const result = parseConfig({ provider: 'qingcloud', qingcloud: { zone: 'pek3', callsPerHour: 5000 } }, {}, []);
    expect(result).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, provider: 'qingcloud', providers: { ...DEFAULT_CONFIG.providers, qingcloud: { ...DEFAULT_QINGCLOUD_CONFIG, zone: 'pek3', callsPerHour: 5000 } } } });
  });

  it.each([
    [{ qingcloud: { routerType: 4 } }, 'qingcloud.routerType: 4 must be an integer from 0 to 3'],
    [{ qingcloud: 'pek3' }, 'qingcloud: must be an object'],
    // Validated when the configuration is parsed (exit 2), not when the provider is built (exit 1).
    [{ calico: { blockSize: 19 } }, 'calico.blockSize: blockSize must be an integer 20-32'],
    [{ calico: { ipipMode: 'always' } }, "calico.ipipMode: ipipMode must be one of Never, Always, CrossSubnet, not 'always'"],
    [{ calico: { blocksize: 26 } }, 'calico: unknown setting "blocksize"'],
    [{ calico: [] }, 'calico: must be an object'],
    [{ providers: {} }, 'config file: unknown setting "providers"'],
  ])('reject %j naming the bad value', (file, message) => {
    const result = parseConfig(file, {}, []);
    expect(result.ok ? [] : result.errors).toContainEqual(expect.stringContaining(message));
  });
});

describe('the orphans section', () => {
  it('reports orphans by default, and removes them only when asked', () => {
    expect(DEFAULT_CONFIG.orphans).toEqual({ mode: 'report', periodSeconds: 600, graceSeconds: 1800 });
    const result = parseConfig({ orphans: { graceSeconds: 3600 } }, { TNC_ORPHANS_MODE: 'remove' }, []);
    expect(result.ok && result.config.orphans).toEqual({ mode: 'remove', periodSeconds: 600, graceSeconds: 3600 });
  });

  it.each([
    [{ orphans: { mode: 'delete' } }, 'orphans.mode: "delete" is not one of off, report, remove'],
    [{ orphans: { graceSeconds: 5 } }, 'orphans.graceSeconds: 5 must be an integer from 60 to 604800'],
    [{ orphans: { periodSeconds: 1 } }, 'orphans.periodSeconds: 1 must be an integer from 10 to 86400'],
    [{ orphans: { remove: true } }, 'config file: unknown setting "orphans.remove"'],
  ])('rejects %j', (file, message) => {
    const result = parseConfig(file, {}, []);
    expect(result.ok ? [] : result.errors).toContainEqual(expect.stringContaining(message));
  });
});
