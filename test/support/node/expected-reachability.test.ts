import { describe, expect, it } from '@jest/globals';
import { expectedReachable, OUTSIDE, type Topology } from './expected-reachability.js';

const base: Topology = {
  projects: new Map([['a1', { workspace: 'a', isolated: false }], ['a2', { workspace: 'a', isolated: false }], ['b1', { workspace: 'b', isolated: false }]]),
  workspaces: new Map([['a', 'Allow'], ['b', 'Allow']]),
  connections: [],
  systemNamespaces: new Set(['kube-system']),
  openedByTenant: new Set(),
};
const tcp80 = { protocol: 'TCP', port: 80 } as const;
const tcp81 = { protocol: 'TCP', port: 81 } as const;

describe('expectedReachable (docs/connectivity.md, written out independently)', () => {
  it.each([
    ['a1', 'a2', true],
    ['a1', 'b1', false],
    ['kube-system', 'a1', true],
    ['a1', 'kube-system', true],
    ['plain', 'a1', false],
    ['a1', 'plain', false],
    ['a1', OUTSIDE, true],
    [OUTSIDE, 'a1', false],
    ['plain', 'kube-system', true],
    [OUTSIDE, 'plain', true],
  ])('%s -> %s = %s by default', (from, to, allowed) => {
    expect(expectedReachable(base, from, to, tcp80)).toBe(allowed);
  });

  it('intraWorkspace Deny and isolation close the workspace', () => {
    expect(expectedReachable({ ...base, workspaces: new Map([['a', 'Deny'], ['b', 'Allow']]) }, 'a1', 'a2', tcp80)).toBe(false);
    expect(expectedReachable({ ...base, projects: new Map([...base.projects, ['a2', { workspace: 'a', isolated: true }]]) }, 'a1', 'a2', tcp80)).toBe(false);
  });

  it('a one-way port-limited connection opens that port in that direction only', () => {
    const top = { ...base, connections: [{ from: 'b1', to: 'a1', bidirectional: false, ports: [tcp81] }] };
    expect(expectedReachable(top, 'b1', 'a1', tcp81)).toBe(true);
    expect(expectedReachable(top, 'b1', 'a1', tcp80)).toBe(false);
    expect(expectedReachable(top, 'a1', 'b1', tcp81)).toBe(false);
  });

  it("a tenant's open policy widens only its own project's edges", () => {
    const top = { ...base, openedByTenant: new Set(['a1']) };
    expect(expectedReachable(top, 'plain', 'a1', tcp80)).toBe(true);
    expect(expectedReachable(top, OUTSIDE, 'a1', tcp80)).toBe(true);
    expect(expectedReachable(top, 'a1', 'plain', tcp80)).toBe(true);
    expect(expectedReachable(top, 'b1', 'a1', tcp80)).toBe(false);
    expect(expectedReachable(top, 'a1', 'b1', tcp80)).toBe(false);
  });
});
