 
import { describe, expect, it } from '@jest/globals';
import { namespaceInfoOf, podEndpointOf } from './adapters.js';

describe('adapters from API objects', () => {
  it('reads a namespace with its labels', () => {
    expect(namespaceInfoOf({ metadata: { name: 'a', labels: { 'kubernetes.io/metadata.name': 'a', team: 'x' } } })).toStrictEqual({
      name: 'a',
      labels: { 'kubernetes.io/metadata.name': 'a', team: 'x' },
    });
  });

  it('reads a pod with its address and named container ports (protocol defaulted)', () => {
    const pod = podEndpointOf({
      metadata: { namespace: 'a', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 9090 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }] },
      status: { podIP: '10.244.0.5' },
    });
    expect(pod).toStrictEqual({
      kind: 'pod',
      namespace: 'a',
      labels: { app: 'web' },
      namedPorts: [{ name: 'http', protocol: 'TCP', port: 8080 }, { name: 'dns', protocol: 'UDP', port: 53 }],
      ip: '10.244.0.5',
    });
  });

  it('leaves the address out of a pod that has none yet', () => {
    expect('ip' in podEndpointOf({ metadata: { namespace: 'a' }, spec: { containers: [] } })).toBe(false);
  });
});
