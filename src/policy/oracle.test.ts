import { describe, expect, it } from '@jest/globals';
import type { Endpoint, Flow } from './model.js';
import { allowanceBetween, isAllowed } from './oracle.js';
import { connection, model, project, workspace } from './fixtures.test-support.js';

const input = model({
  workspaces: [workspace('ws-a'), workspace('ws-d', 'Deny'), workspace('ws-b')],
  projects: [
    project('a1', 'ws-a'),
    project('a2', 'ws-a'),
    project('a3', 'ws-a', true),
    project('d1', 'ws-d'),
    project('d2', 'ws-d'),
    project('b1', 'ws-b'),
    project('kube-system', 'system-workspace'), // a system namespace wins over a project entry
  ],
  connections: [connection('b1', 'a1', { bidirectional: false, ports: [{ port: 5432 }] }), connection('d1', 'b1')],
  config: { allowedIngressNamespaces: ['lb', 'a2'], allowedIngressCIDRs: ['203.0.113.0/24'], podCidrs: ['10.244.0.0/16', 'fd00::/48'] },
});
const noEgressIsolation = { ...input, config: { ...input.config, egressIsolation: false } };

const ns = (namespace: string): Endpoint => ({ namespace });
const ip = (address: string): Endpoint => ({ ip: address });
const tcp = (port: number): Flow => ({ protocol: 'TCP', port });

describe('isAllowed (the table of docs/connectivity.md)', () => {
  it.each([
    ['same project', ns('a1'), ns('a1'), undefined, true],
    ['same isolated project', ns('a3'), ns('a3'), undefined, true],
    ['same workspace, Allow, neither isolated', ns('a1'), ns('a2'), undefined, true],
    ['same workspace, destination isolated', ns('a1'), ns('a3'), undefined, false],
    ['same workspace, source isolated', ns('a3'), ns('a1'), undefined, false],
    ['same workspace, Deny', ns('d1'), ns('d2'), undefined, false],
    ['other workspace, no connection', ns('a1'), ns('d1'), undefined, false],
    ['one-way connection, its direction, its port', ns('b1'), ns('a1'), tcp(5432), true],
    ['one-way connection, its direction, another port', ns('b1'), ns('a1'), tcp(5433), false],
    ['one-way connection, its direction, another protocol', ns('b1'), ns('a1'), { protocol: 'UDP', port: 5432 }, false],
    ['one-way connection, its direction, any port at all', ns('b1'), ns('a1'), undefined, true],
    ['one-way connection, reverse direction', ns('a1'), ns('b1'), tcp(5432), false],
    ['bidirectional connection, forward', ns('d1'), ns('b1'), tcp(1), true],
    ['bidirectional connection, reverse', ns('b1'), ns('d1'), { protocol: 'SCTP', port: 9 }, true],
    ['system namespace → isolated project', ns('kube-system'), ns('a3'), undefined, true],
    ['isolated project → system namespace', ns('a3'), ns('kubesphere-system'), undefined, true],
    ['other namespace → project', ns('random'), ns('a1'), undefined, false],
    ['allowed other namespace → project', ns('lb'), ns('a3'), undefined, true],
    ['project → allowed other namespace (ingress only)', ns('a1'), ns('lb'), undefined, false],
    ['a project in allowedIngressNamespaces gets no extra reach', ns('a2'), ns('b1'), undefined, false],
    ['project → other namespace', ns('a1'), ns('random'), undefined, false],
    ['project → outside IPv4', ns('a1'), ip('8.8.8.8'), undefined, true],
    ['project → outside IPv6', ns('a1'), ip('2001:db8::1'), undefined, true],
    ['project → pod address IPv4', ns('a1'), ip('10.244.3.4'), undefined, false],
    ['project → pod address IPv6', ns('a1'), ip('fd00::7'), undefined, false],
    ['outside → project', ip('8.8.8.8'), ns('a1'), undefined, false],
    ['allowed outside range → project', ip('203.0.113.9'), ns('a3'), undefined, true],
    ['other namespace → system namespace (not ours)', ns('random'), ns('kube-system'), undefined, true],
    ['outside → other namespace (not ours)', ip('8.8.8.8'), ns('random'), undefined, true],
  ] as const)('%s', (_name, from, to, flow, expected) => {
    expect(isAllowed(input, from, to, flow)).toBe(expected);
  });

  it.each([
    ['project → other namespace', ns('a1'), ns('random'), true],
    ['project → pod address', ns('a1'), ip('10.244.3.4'), true],
    ['other namespace → project', ns('random'), ns('a1'), false],
    ['other workspace, no connection', ns('a1'), ns('d1'), false],
  ] as const)('without egress isolation: %s', (_name, from, to, expected) => {
    expect(isAllowed(noEgressIsolation, from, to)).toBe(expected);
  });

  it.each([
    ['project → the denied metadata address', input, ns('a1'), ip('169.254.169.254'), false],
    ['project → another outside address', input, ns('a1'), ip('169.254.1.1'), true],
    ['without egress isolation, project → the denied address', noEgressIsolation, ns('a1'), ip('169.254.169.254'), false],
    ['other namespace → the denied address (not ours to restrict)', input, ns('random'), ip('169.254.169.254'), true],
  ] as const)('denied egress: %s', (_name, base, from, to, expected) => {
    expect(isAllowed({ ...base, config: { ...base.config, deniedEgressCIDRs: ['169.254.169.254/32'] } }, from, to)).toBe(expected);
  });
});

describe('allowanceBetween', () => {
  it.each([
    ['same workspace', ns('a1'), ns('a2'), { kind: 'all' }],
    ['port-limited connection', ns('b1'), ns('a1'), { kind: 'ports', ports: [{ protocol: 'TCP', port: 5432 }] }],
    ['no connection', ns('a1'), ns('b1'), { kind: 'none' }],
    ['project → system', ns('a1'), ns('kube-system'), { kind: 'all' }],
    ['outside → project', ip('1.1.1.1'), ns('a1'), { kind: 'none' }],
  ] as const)('%s', (_name, from, to, expected) => {
    expect(allowanceBetween(input, from, to)).toStrictEqual(expected);
  });
});
