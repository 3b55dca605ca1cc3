import { describe, expect, it } from '@jest/globals';
import { networkConfigFrom } from '../cmd/app-options.js';
import { parseConfig, type ControllerConfigFile } from '../cmd/config.js';
import { assumedDefaultsNote, DEFAULT_SETTINGS, settingsFromConfigFile, type ControllerSettings } from './controller-settings.js';

/** What the controller itself makes of a config file, in the CLI's terms. */
function controllerSees(file: Record<string, unknown>): ControllerSettings {
  const parsed = parseConfig(file, {}, []);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const c: ControllerConfigFile = parsed.config;
  const network = networkConfigFrom(c);
  return {
    provider: c.provider,
    namespace: c.namespace,
    systemNamespaces: network.systemNamespaces,
    allowedIngressCIDRs: network.allowedIngressCIDRs,
    allowedIngressNamespaces: network.allowedIngressNamespaces,
    egressIsolation: network.egressIsolation,
    extraPodCidrs: network.extraPodCidrs,
    vpcPool: c.vpcPool,
    ...(c.leaderElection ? { leaseName: c.leaseName } : {}),
    webhook: { enabled: c.webhook.enabled, configurationName: c.webhook.configurationName },
    traffic: { enabled: c.traffic.enabled, periodSeconds: c.traffic.periodSeconds },
  };
}

describe('settingsFromConfigFile reads a config file as the controller does', () => {
  it.each([
    ['an empty file (the defaults)', {}],
    ['the chart\'s kind of file', {
      provider: 'qingcloud', namespace: 'tnc', systemNamespaces: ['kube-system', 'monitoring'], allowedIngressCIDRs: ['203.0.113.0/24'], allowedIngressNamespaces: ['ingress-nginx'],
      egressIsolation: false, extraPodCidrs: ['10.244.0.0/16'], vpcPool: ['10.0.0.0/8'], leaderElection: true, leaseName: 'tnc-lease',
      qingcloud: { credentialsSecret: 'qc', zone: 'pek3a' }, webhook: { enabled: true, configurationName: 'tnc-hook' }, traffic: { periodSeconds: 60 },
    }],
    ['leader election off', { leaderElection: false, leaseName: 'unused' }],
    ['an empty list of system namespaces (only its own)', { systemNamespaces: [], namespace: 'ctl' }],
  ])('%s', (_name, file) => {
    expect(settingsFromConfigFile(file)).toEqual({ settings: controllerSees(file), problems: [] });
  });

  it('has the controller\'s defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({ ...controllerSees({}), webhook: { ...controllerSees({}).webhook } });
  });

  it('keeps a default, and says so, for a field of the wrong type', () => {
    const { settings, problems } = settingsFromConfigFile({ systemNamespaces: 'kube-system', egressIsolation: 'no', webhook: { enabled: 1 }, traffic: { periodSeconds: -5 } });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([
      'systemNamespaces: expected a list of strings, found "kube-system"',
      'egressIsolation: expected true or false, found "no"',
      'webhook.enabled: expected true or false, found 1',
      'traffic.periodSeconds: expected a positive integer, found -5',
    ]);
    expect(settingsFromConfigFile([1]).problems).toEqual(['expected a JSON object, found [1]']);
  });
});

describe('assumedDefaultsNote', () => {
  it('says what is assumed and why, only for defaults', () => {
    expect(assumedDefaultsNote({ settings: DEFAULT_SETTINGS, source: { kind: 'defaults', reason: 'none found' }, problems: [] })).toBe(
      "note: assuming the controller's default settings (system namespaces kube-system, kubesphere-system, kubesphere-controls-system, kubesphere-monitoring-system, kubesphere-logging-system, tenant-network-system; no allowed ingress namespaces or CIDRs): none found",
    );
    expect(assumedDefaultsNote({ settings: DEFAULT_SETTINGS, source: { kind: 'configMap', namespace: 'a', name: 'b' }, problems: [] })).toBeUndefined();
  });
});
