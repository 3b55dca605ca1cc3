import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { OUTSIDE_ADDRESSES, topologyArbitrary } from '../../test/support/netpol/random-topology.js';
import { allowanceKey } from './allowance.js';
import { explainFlow, ruleAllows } from './explain.js';
import { connection, model, project, workspace } from './fixtures.test-support.js';
import type { Endpoint, Flow } from './model.js';
import { allowanceBetween, isAllowed } from './oracle.js';

const input = model({
  workspaces: [workspace('ws-a'), workspace('ws-d', 'Deny'), workspace('ws-b')],
  projects: [project('a1', 'ws-a'), project('a2', 'ws-a'), project('a3', 'ws-a', true), project('d1', 'ws-d'), project('d2', 'ws-d'), project('b1', 'ws-b')],
  connections: [connection('b1', 'a1', { bidirectional: false, ports: [{ port: 5432 }] }), connection('d1', 'b1'), connection('a1', 'a3', { ports: [{ protocol: 'UDP', port: 53 }] })],
  config: { allowedIngressNamespaces: ['lb'], allowedIngressCIDRs: ['203.0.113.0/24'], podCidrs: ['10.244.0.0/16', 'fd00::/48'], deniedEgressCIDRs: ['169.254.169.254/32'] },
});

const ns = (namespace: string): Endpoint => ({ namespace });
const ip = (address: string): Endpoint => ({ ip: address });
const tcp = (port: number): Flow => ({ protocol: 'TCP', port });

describe('explainFlow names the row of docs/connectivity.md that decides', () => {
  it.each([
    ['same project', ns('a3'), ns('a3'), undefined, { id: 'same-project', project: 'a3' }],
    ['same workspace', ns('a1'), ns('a2'), tcp(80), { id: 'same-workspace', workspace: 'ws-a' }],
    ['an isolated end, no connection', ns('a2'), ns('a3'), tcp(80), { id: 'isolated', workspace: 'ws-a', projects: ['a3'] }],
    ['an isolated end, a connection on its port', ns('a3'), ns('a1'), { protocol: 'UDP', port: 53 }, { id: 'connection', connections: ['a1-a3'] }],
    ['an isolated end, a connection on other ports', ns('a3'), ns('a1'), tcp(53), { id: 'connection-ports', connections: ['a1-a3'] }],
    ['intraWorkspace Deny', ns('d1'), ns('d2'), undefined, { id: 'intra-workspace-deny', workspace: 'ws-d' }],
    ['another workspace', ns('a1'), ns('d1'), undefined, { id: 'other-workspace', fromWorkspace: 'ws-a', toWorkspace: 'ws-d' }],
    ['a one-way connection backwards', ns('a1'), ns('b1'), undefined, { id: 'other-workspace', fromWorkspace: 'ws-a', toWorkspace: 'ws-b' }],
    ['a bidirectional connection backwards', ns('b1'), ns('d1'), tcp(1), { id: 'connection', connections: ['d1-b1'] }],
    ['system namespace in', ns('kube-system'), ns('a3'), undefined, { id: 'system-namespace', namespace: 'kube-system' }],
    ['system namespace out', ns('a3'), ns('kube-system'), undefined, { id: 'system-namespace', namespace: 'kube-system' }],
    ['a listed namespace in', ns('lb'), ns('a1'), undefined, { id: 'allowed-ingress-namespace', namespace: 'lb' }],
    ['an unlisted namespace in', ns('random'), ns('a1'), undefined, { id: 'unmanaged-ingress', namespace: 'random' }],
    ['out to another namespace', ns('a1'), ns('lb'), undefined, { id: 'egress-isolation', namespace: 'lb' }],
    ['out to a pod address', ns('a1'), ip('fd00::7'), undefined, { id: 'pod-range', cidr: 'fd00::/48' }],
    ['out of the cluster', ns('a1'), ip('8.8.8.8'), tcp(443), { id: 'outside' }],
    ['out to the metadata service', ns('a1'), ip('169.254.169.254'), tcp(80), { id: 'denied-egress', cidr: '169.254.169.254/32' }],
    ['in from a listed range', ip('203.0.113.9'), ns('a1'), undefined, { id: 'allowed-ingress-cidr', cidr: '203.0.113.0/24' }],
    ['in from outside', ip('8.8.8.8'), ns('a1'), undefined, { id: 'outside-ingress' }],
    ['between unmanaged namespaces', ns('random'), ns('lb'), undefined, { id: 'not-managed' }],
  ] as const)('%s', (_name, from, to, flow, rule) => {
    const explanation = explainFlow(input, from, to, flow);
    expect(explanation.rule).toEqual(rule);
    expect(explanation.allowed).toBe(isAllowed(input, from, to, flow));
  });

  it('lists every connection in the asked direction with whether it admits the port', () => {
    const explanation = explainFlow(input, ns('b1'), ns('a1'), tcp(5433));
    expect(explanation.connections.map((c) => [c.connection.name, c.admits])).toEqual([['b1-a1', false]]);
    expect(allowanceKey(explanation.allowance)).toBe('TCP/5432-5432');
  });

  it('names one-way connections the other way, which allow nothing in this one', () => {
    expect(explainFlow(input, ns('a1'), ns('b1')).oneWayBack).toEqual(['b1-a1']);
    expect(explainFlow(input, ns('b1'), ns('a1')).oneWayBack).toEqual([]);
    expect(explainFlow(input, ns('b1'), ns('d1')).oneWayBack).toEqual([]);
  });

  it('says egress is open when egressIsolation is off', () => {
    const open = { ...input, config: { ...input.config, egressIsolation: false } };
    expect(explainFlow(open, ns('a1'), ip('10.244.0.9')).rule).toEqual({ id: 'egress-open' });
    expect(explainFlow(open, ns('a1'), ns('lb')).rule).toEqual({ id: 'egress-open' });
  });

  it('agrees with the oracle on every flow of random clusters', () => {
    fc.assert(
      fc.property(topologyArbitrary, (topology) => {
        const ends: Endpoint[] = [...topology.namespaces.map((n) => ns(n.name)), ...OUTSIDE_ADDRESSES.map(ip)];
        for (const from of ends) {
          for (const to of ends) {
            const overall = explainFlow(topology.input, from, to);
            expect(allowanceKey(overall.allowance)).toBe(allowanceKey(allowanceBetween(topology.input, from, to)));
            expect(overall.allowed).toBe(isAllowed(topology.input, from, to));
            for (const flow of topology.flows) {
              const explanation = explainFlow(topology.input, from, to, flow);
              expect(explanation.allowed).toBe(isAllowed(topology.input, from, to, flow));
              expect(ruleAllows(explanation.rule)).toBe(explanation.allowed);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
