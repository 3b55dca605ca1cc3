import { describe, expect, it } from '@jest/globals';
import type { NetworkProvider } from '../providers/contract.js';
import { DEFAULT_TRAFFIC_SETTINGS, trafficSettingsErrors, trafficSourceFor, type TrafficSettings } from './traffic-settings.js';

const provider = (traffic: boolean): NetworkProvider => ({
  name: traffic ? 'qingcloud' : 'calico',
  capabilities: { trafficMetrics: traffic },
  ...(traffic ? { sampleTraffic: () => Promise.resolve([]) } : {}),
}) as unknown as NetworkProvider;

describe('trafficSettingsErrors', () => {
  it('accepts the defaults', () => {
    expect(trafficSettingsErrors(DEFAULT_TRAFFIC_SETTINGS)).toEqual([]);
  });

  it.each([
    [{ periodSeconds: 5 }, 'traffic.periodSeconds: 5 must be an integer from 10 to 86400'],
    [{ prometheusUrl: 'prometheus:9090' }, 'traffic.prometheusUrl: "prometheus:9090" is not an http(s) URL'],
    [{ prometheusUrl: 'ftp://x' }, 'traffic.prometheusUrl: "ftp://x" is not an http(s) URL'],
    [{ ingressQuery: ' ' }, 'traffic.ingressQuery: must not be empty'],
  ])('%j → %s', (override: Partial<TrafficSettings>, message) => {
    expect(trafficSettingsErrors({ ...DEFAULT_TRAFFIC_SETTINGS, ...override })).toEqual([message]);
  });
});

describe('trafficSourceFor', () => {
  it.each([
    ['Prometheus when a URL is set, whatever the provider', { prometheusUrl: 'http://prom:9090' }, true, 'prometheus'],
    ['the provider when it has monitoring', {}, true, 'provider:qingcloud'],
    ['nothing for Calico without Prometheus', {}, false, undefined],
    ['nothing when disabled', { enabled: false, prometheusUrl: 'http://prom:9090' }, true, undefined],
  ])('%s', (_name, override, traffic, source) => {
    expect(trafficSourceFor({ ...DEFAULT_TRAFFIC_SETTINGS, ...override }, provider(traffic))?.name).toBe(source);
  });
});
