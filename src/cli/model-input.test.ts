import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { topologyArbitrary } from '../../test/support/netpol/random-topology.js';
import { allowanceKey, connectivityMatrix, viewOf, type ConnectivityInput } from '../policy/index.js';
import { connectivityInputOf, snapshotGraph } from './model-input.js';
import type { ClusterSnapshot } from './snapshot.js';
import { namespace, projectConnection, projectNetwork, sampleSnapshot, snapshotOf, workspaceNetwork, workspaceObject } from './snapshot.test-support.js';

/** The live objects a controller would see for a model input. */
function snapshotFor(input: ConnectivityInput): ClusterSnapshot {
  const workspaceNames = new Set(input.projects.map((p) => p.workspace));
  return snapshotOf({
    namespaces: input.projects.map((p) => namespace(p.name, p.workspace)),
    workspaces: [...workspaceNames].map((w) => workspaceObject(w)),
    workspaceNetworks: input.workspaces.filter((w) => workspaceNames.has(w.name)).map((w) => workspaceNetwork(w.name, { intra: w.intraWorkspace })),
    projectNetworks: input.projects.map((p) => projectNetwork(p.name, p.workspace, { isolation: p.isolated ? 'Isolated' : 'Inherit' })),
    connections: input.connections.map((c) => projectConnection(c.name, c.from, c.to, { bidirectional: c.bidirectional, ...(c.ports === undefined ? {} : { ports: [...c.ports] }) })),
    systemNamespaces: input.config.systemNamespaces,
  });
}

function cellsOf(input: ConnectivityInput): Map<string, string> {
  return new Map(connectivityMatrix(input).cells.map((c) => [`${c.from}>${c.to}`, allowanceKey(c.allowance)]));
}

describe('connectivityInputOf(snapshotGraph(…))', () => {
  it('gives the model the same grid as the input the objects were made from', () => {
    fc.assert(
      fc.property(topologyArbitrary, (topology) => {
        const input = topology.input;
        const snapshot = snapshotFor(input);
        const rebuilt = connectivityInputOf(snapshotGraph(snapshot), snapshot.settings);
        expect([...viewOf(rebuilt).projects.keys()].sort()).toEqual([...viewOf(input).projects.keys()].sort());
        expect(cellsOf(rebuilt)).toEqual(cellsOf(input));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the sample cluster', () => {
    const snapshot = sampleSnapshot();
    const input = connectivityInputOf(snapshotGraph(snapshot), snapshot.settings);
    expect(input.projects.map((p) => `${p.name}/${p.workspace}/${p.isolated}`)).toEqual(['api/shop/false', 'audit/bank/false', 'db/shop/true', 'ledger/bank/false', 'web/shop/false']);
    expect(input.workspaces).toEqual([{ name: 'bank', intraWorkspace: 'Deny' }, { name: 'shop', intraWorkspace: 'Allow' }]);
    expect(input.connections.map((c) => c.name)).toEqual(['api.ledger', 'audit.db']);
  });

  type Case = [string, Partial<ClusterSnapshot>, string[]];
  const membership: Case[] = [
    ['a labelled namespace of an existing workspace is a project', { namespaces: [namespace('a', 'w')], workspaces: [workspaceObject('w')] }, ['a']],
    ['a namespace without the workspace label is not', { namespaces: [namespace('a')], workspaces: [workspaceObject('w')] }, []],
    ['a workspace that does not exist makes no projects', { namespaces: [namespace('a', 'w')] }, []],
    ['a workspace being deleted makes no projects', { namespaces: [namespace('a', 'w')], workspaces: [workspaceObject('w', { deleting: true })] }, []],
    ['a WorkspaceNetwork being deleted takes its projects', { namespaces: [namespace('a', 'w')], workspaces: [workspaceObject('w')], workspaceNetworks: [workspaceNetwork('w', { deleting: true })] }, []],
    ['a namespace being deleted is not a project', { namespaces: [namespace('a', 'w', { deleting: true })], workspaces: [workspaceObject('w')] }, []],
    ['a system namespace is never a project', { namespaces: [namespace('kube-system', 'w')], workspaces: [workspaceObject('w')] }, []],
  ];
  it.each(membership)('%s', (_, parts, projects) => {
    expect(snapshotGraph(snapshotOf(parts)).projectNames()).toEqual(projects);
  });

  it('isolates by the namespace annotation as well as by spec.isolation', () => {
    const graph = snapshotGraph(snapshotOf({
      namespaces: [namespace('a', 'w', { isolatedByAnnotation: true }), namespace('b', 'w'), namespace('c', 'w')],
      workspaces: [workspaceObject('w')],
      projectNetworks: [projectNetwork('b', 'w', { isolation: 'Isolated' }), projectNetwork('c', 'w', { isolation: 'Inherit' })],
    }));
    expect(['a', 'b', 'c'].map((n) => graph.project(n)?.isolated)).toEqual([true, true, false]);
  });

  it('defaults a workspace without a WorkspaceNetwork to intraWorkspace Allow', () => {
    const graph = snapshotGraph(snapshotOf({ workspaces: [workspaceObject('w'), workspaceObject('v')], workspaceNetworks: [workspaceNetwork('v', { intra: 'Deny' })] }));
    expect([graph.workspace('w')?.intraWorkspace, graph.workspace('v')?.intraWorkspace, graph.workspace('gone')]).toEqual(['Allow', 'Deny', undefined]);
  });

  it('leaves out connections being deleted and connections to non-projects', () => {
    const snapshot = snapshotOf({
      namespaces: [namespace('a', 'w'), namespace('b', 'w'), namespace('plain')],
      workspaces: [workspaceObject('w')],
      connections: [projectConnection('ab', 'a', 'b'), projectConnection('gone', 'a', 'b', { deleting: true }), projectConnection('ap', 'a', 'plain'), projectConnection('ghost', 'ghost', 'b')],
    });
    expect(connectivityInputOf(snapshotGraph(snapshot), snapshot.settings).connections.map((c) => c.name)).toEqual(['ab']);
  });
});
