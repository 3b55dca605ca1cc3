import { describe, expect, it } from '@jest/globals';
import { guardMarkKeys, guardMarks } from './guard-marks.js';

describe('guardMarks', () => {
  it('labels the enforce level and annotates each limit as a canonical quantity', () => {
    expect(guardMarks('baseline', { ingress: 10_000_000, egress: 1_500_000 })).toEqual({
      labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'latest' },
      annotations: { 'sdn.kubesphere.io/ingress-bandwidth-limit': '10M', 'sdn.kubesphere.io/egress-bandwidth-limit': '1500k' },
    });
  });

  it('asks for a removed limit to be absent, and leaves Pod Security labels alone when off', () => {
    expect(guardMarks('', { egress: 5_000_000 })).toEqual({
      labels: {},
      annotations: { 'sdn.kubesphere.io/ingress-bandwidth-limit': null, 'sdn.kubesphere.io/egress-bandwidth-limit': '5M' },
    });
  });
});

describe('guardMarkKeys', () => {
  it('takes the enforce level off only while it is the one the controller sets', () => {
    expect(guardMarkKeys('baseline', { 'pod-security.kubernetes.io/enforce': 'baseline' }).labels).toEqual(['pod-security.kubernetes.io/enforce', 'pod-security.kubernetes.io/enforce-version']);
    expect(guardMarkKeys('baseline', { 'pod-security.kubernetes.io/enforce': 'privileged' }).labels).toEqual([]);
    expect(guardMarkKeys('', { 'pod-security.kubernetes.io/enforce': 'baseline' }).labels).toEqual([]);
    expect(guardMarkKeys('', {}).annotations).toEqual(['sdn.kubesphere.io/ingress-bandwidth-limit', 'sdn.kubesphere.io/egress-bandwidth-limit']);
  });
});
