import { describe, expect, it } from '@jest/globals';
import { admissionConfigFrom, DEFAULT_WEBHOOK_SETTINGS, webhookSettingsErrors, type WebhookSettings } from './webhook-settings.js';

describe('webhookSettingsErrors', () => {
  it('accepts the defaults', () => {
    expect(webhookSettingsErrors(DEFAULT_WEBHOOK_SETTINGS)).toEqual([]);
  });

  it.each([
    [{ port: 70000 }, 'webhook.port: 70000 is not a port'],
    [{ annotationSets: [] }, 'webhook.annotationSets: needs one or more of kubernetes, calico'],
    [{ annotationSets: ['cilium'] }, 'webhook.annotationSets: "cilium" is not one of kubernetes, calico'],
    [{ certificates: 'manual' }, 'webhook.certificates: "manual" is not self-signed or external'],
    [{ secretName: 'Bad_Name' }, 'webhook.secretName: "Bad_Name" is not an object name'],
    [{ certValidityDays: 0 }, 'webhook.certValidityDays: 0 must be at least 1'],
    [{ certValidityDays: 400, caValidityDays: 300 }, 'webhook.certValidityDays: 400 must not exceed caValidityDays (300)'],
    [{ enabled: 'yes' }, 'webhook.enabled: must be true or false'],
    [{ ipAddresses: ['127.0.0.300'] }, 'webhook.ipAddresses: "127.0.0.300" is not an IP address'],
    [{ ipAddresses: '127.0.0.1' }, 'webhook.ipAddresses: must be a list of IP addresses'],
    [{ calicoBurst: 'lots' }, 'webhook.calicoBurst: "lots" is not a burst in bits from 1000 to 34359738360 (e.g. "16Mi"), or "" for none'],
    [{ calicoBurst: '64Gi' }, 'webhook.calicoBurst: "64Gi" is not a burst in bits from 1000 to 34359738360 (e.g. "16Mi"), or "" for none'],
  ])('%j → %s', (override, message) => {
    expect(webhookSettingsErrors({ ...DEFAULT_WEBHOOK_SETTINGS, ...override } as unknown as WebhookSettings)).toEqual([message]);
  });
});

describe('admissionConfigFrom', () => {
  it('issues the certificate for the Service names and keeps the configured caBundle', () => {
    const config = admissionConfigFrom({ ...DEFAULT_WEBHOOK_SETTINGS, serviceName: 'tnc-webhook', annotationSets: ['kubernetes', 'calico'] }, 'tnc-system');
    expect(config.annotationSets).toEqual(['kubernetes', 'calico']);
    expect(config.certificates.dnsNames).toEqual(['tnc-webhook', 'tnc-webhook.tnc-system', 'tnc-webhook.tnc-system.svc', 'tnc-webhook.tnc-system.svc.cluster.local']);
    expect(config.certificates.webhookConfigurationName).toBe('tenant-network-controller');
    expect(config.certificates.policy).toEqual({ caValidityMs: 3650 * 86_400_000, certValidityMs: 365 * 86_400_000 });
    expect(config.certificates.ipAddresses).toBeUndefined();
  });

  it("stamps Calico's burst in bits by default (16Mi), none when set to \"\"", () => {
    expect(admissionConfigFrom(DEFAULT_WEBHOOK_SETTINGS, 'ns').calicoBurstBits).toBe(16 * 2 ** 20);
    expect(admissionConfigFrom({ ...DEFAULT_WEBHOOK_SETTINGS, calicoBurst: '' }, 'ns')).not.toHaveProperty('calicoBurstBits');
  });

  it('also names configured IP addresses, for a configuration that calls a URL', () => {
    const config = admissionConfigFrom({ ...DEFAULT_WEBHOOK_SETTINGS, ipAddresses: ['127.0.0.1', '::1'] }, 'tnc-system');
    expect(config.certificates.ipAddresses).toEqual(['127.0.0.1', '::1']);
  });
});

describe('the protection section', () => {
  const protection = (override: Partial<WebhookSettings['protection']>): WebhookSettings => ({ ...DEFAULT_WEBHOOK_SETTINGS, protection: { ...DEFAULT_WEBHOOK_SETTINGS.protection, ...override } });

  it.each([
    [{ enabled: true }, 'webhook.protection.controllerUsers: names no one, so the controller could not write its own labels and policies'],
    [{ adminGroups: ['a,b'] }, 'webhook.protection.adminGroups: must be a list of user or group names'],
    [{ strict: 'yes' as unknown as boolean }, 'webhook.protection.strict: must be true or false'],
    [{ configurationName: 'Bad' }, 'webhook.protection.configurationName: "Bad" is not an object name'],
  ])('%j → %s', (override, message) => {
    expect(webhookSettingsErrors(protection(override))).toEqual([message]);
  });

  it('serves the rules only when enabled, the strict one only in strict mode', () => {
    expect(admissionConfigFrom(DEFAULT_WEBHOOK_SETTINGS, 'ns').protection).toBeUndefined();
    const on = admissionConfigFrom(protection({ enabled: true, controllerUsers: ['system:serviceaccount:ns:tnc'] }), 'ns').protection;
    expect(on?.rules.map((r) => r.id)).toEqual(['namespace-labels', 'managed-networkpolicies', 'pod-metadata', 'pod-bandwidth']);
    expect(on?.params).toEqual({ controllerUsers: ['system:serviceaccount:ns:tnc'], adminGroups: ['system:masters', 'system:serviceaccounts:kubesphere-system'], adminUsers: [], bandwidthAnnotationSets: ['kubernetes'] });
    expect(admissionConfigFrom(protection({ enabled: true, strict: true, controllerUsers: ['c'] }), 'ns').protection?.rules).toHaveLength(5);
  });
});
