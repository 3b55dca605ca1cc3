import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ConnectivityInput } from './model.js';
import { renderProjectPolicies } from './render.js';
import { connection, model, project, workspace } from './fixtures.test-support.js';

const input = model({
  workspaces: [workspace('ws-a'), workspace('ws-b', 'Deny'), workspace('ws-c')],
  projects: [project('a1', 'ws-a'), project('a2', 'ws-a', true), project('a3', 'ws-a', true), project('b1', 'ws-b'), project('b2', 'ws-b'), project('c1', 'ws-c')],
  connections: [
    connection('a1', 'b1', { ports: [{ port: 80 }, { protocol: 'UDP', port: 53 }] }),
    connection('c1', 'a1', { bidirectional: false, ports: [{ port: 80 }] }),
    connection('b2', 'a1', { ports: [{ port: 8000, endPort: 8080 }] }),
    connection('a2', 'a1'),
    connection('a3', 'a1', { ports: [{ protocol: 'UDP', port: 53 }, { port: 80 }] }),
  ],
  config: {
    systemNamespaces: ['kube-system', 'kubesphere-system', 'kubesphere-monitoring-system'],
    podCidrs: ['10.244.0.0/16', 'fd00::/48', '10.128.0.0/10', '10.233.0.0/18'],
    allowedIngressCIDRs: ['203.0.113.0/24', '198.51.100.0/24'],
    allowedIngressNamespaces: ['ingress-nginx', 'gateway', 'b1'],
  },
});

const renderAll = (i: ConnectivityInput) => JSON.stringify(i.projects.map((p) => p.name).sort().map((name) => renderProjectPolicies(i, name)));

/** Every list of the input in the order the generated permutations say. */
const shuffledInput = fc
  .record({
    workspaces: fc.shuffledSubarray([...input.workspaces], { minLength: input.workspaces.length }),
    projects: fc.shuffledSubarray([...input.projects], { minLength: input.projects.length }),
    connections: fc.shuffledSubarray([...input.connections], { minLength: input.connections.length }),
    system: fc.shuffledSubarray([...input.config.systemNamespaces], { minLength: input.config.systemNamespaces.length }),
    pods: fc.shuffledSubarray([...input.config.podCidrs], { minLength: input.config.podCidrs.length }),
    cidrs: fc.shuffledSubarray([...input.config.allowedIngressCIDRs], { minLength: input.config.allowedIngressCIDRs.length }),
    namespaces: fc.shuffledSubarray([...input.config.allowedIngressNamespaces], { minLength: input.config.allowedIngressNamespaces.length }),
  })
  .map(
    (s): ConnectivityInput => ({
      workspaces: s.workspaces,
      projects: s.projects,
      connections: s.connections,
      config: { ...input.config, systemNamespaces: s.system, podCidrs: s.pods, allowedIngressCIDRs: s.cidrs, allowedIngressNamespaces: s.namespaces },
    }),
  );

describe('renderProjectPolicies determinism', () => {
  const reference = renderAll(input);

  it('renders byte-identical objects whatever the order of the input lists', () => {
    fc.assert(
      fc.property(shuffledInput, (shuffled) => {
        expect(renderAll(shuffled)).toBe(reference);
      }),
      { numRuns: 200 },
    );
  });

  it('renders something different when the input changes', () => {
    const changed: ConnectivityInput = { ...input, connections: input.connections.slice(1) };
    expect(renderAll(changed)).not.toBe(reference);
  });
});
