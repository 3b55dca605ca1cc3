import { describe, expect, it } from '@jest/globals';
import type { ProjectConnectionSpec } from '../api/project-connection.js';
import { connectionName, describeConnection, desiredConnection, sameConnection } from './connection-spec.js';

describe('desiredConnection', () => {
  it('names the connection after its ends and writes every field it decides', () => {
    expect(desiredConnection({ from: 'a', to: 'b', oneWay: false, ports: [] })).toEqual({
      apiVersion: 'sdn.kubesphere.io/v1alpha1',
      kind: 'ProjectConnection',
      metadata: { name: 'a.b' },
      spec: { from: { project: 'a' }, to: { project: 'b' }, bidirectional: true },
    });
    expect(desiredConnection({ from: 'a', to: 'b', oneWay: true, ports: [{ protocol: 'UDP', port: 53 }] }).spec).toEqual({
      from: { project: 'a' }, to: { project: 'b' }, bidirectional: false, ports: [{ protocol: 'UDP', port: 53 }],
    });
  });

  it('gives each ordered pair its own name', () => {
    expect(connectionName('a', 'b')).not.toBe(connectionName('b', 'a'));
    expect(connectionName('a-b', 'c')).not.toBe(connectionName('a', 'b-c'));
  });
});

describe('sameConnection', () => {
  const spec = (s: Partial<ProjectConnectionSpec>): ProjectConnectionSpec => ({ from: { project: 'a' }, to: { project: 'b' }, ...s });
  const cases: [string, ProjectConnectionSpec, ProjectConnectionSpec, boolean][] = [
    ['defaults equal explicit values', spec({}), spec({ bidirectional: true, ports: [] }), true],
    ['ports in another order or split differently', spec({ ports: [{ port: 81 }, { protocol: 'TCP', port: 80 }] }), spec({ ports: [{ port: 80, endPort: 81 }] }), true],
    ['another direction', spec({}), spec({ bidirectional: false }), false],
    ['other ports', spec({ ports: [{ port: 80 }] }), spec({ ports: [{ protocol: 'UDP', port: 80 }] }), false],
    ['some ports versus all', spec({ ports: [{ port: 80 }] }), spec({}), false],
    ['swapped ends', spec({}), { from: { project: 'b' }, to: { project: 'a' } }, false],
  ];
  it.each(cases)('%s', (_, a, b, same) => {
    expect(sameConnection(a, b)).toBe(same);
    expect(sameConnection(b, a)).toBe(same);
  });
});

describe('describeConnection', () => {
  it.each([
    [{ from: { project: 'a' }, to: { project: 'b' } }, 'a <-> b, all ports'],
    [{ from: { project: 'a' }, to: { project: 'b' }, bidirectional: false, ports: [{ port: 80 }, { protocol: 'UDP' as const, port: 53, endPort: 54 }] }, 'a -> b, TCP/80, UDP/53-54'],
  ])('%j', (spec, text) => {
    expect(describeConnection(spec)).toBe(text);
  });
});
