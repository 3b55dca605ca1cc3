import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { renderProjectPolicies, type ConnectivityInput } from '../policy/index.js';
import { topologyArbitrary } from '../../test/support/netpol/random-topology.js';
import { scopedConnectivityInput, withProjectUid, type ProjectGraph } from './scoped-input.js';

function graphOf(input: ConnectivityInput): ProjectGraph {
  return {
    project: (name) => input.projects.find((p) => p.name === name && !input.config.systemNamespaces.includes(name)),
    workspace: (name) => input.workspaces.find((w) => w.name === name),
    memberNames: (ws) => input.projects.filter((p) => p.workspace === ws).map((p) => p.name),
    connectionsOf: (name) => input.connections.filter((c) => c.from === name || c.to === name),
  };
}

describe('scopedConnectivityInput', () => {
  it('renders every project exactly as the whole-cluster input does', () => {
    fc.assert(
      fc.property(topologyArbitrary, (topology) => {
        const input = topology.input;
        const graph = graphOf(input);
        for (const project of input.projects) {
          const scoped = scopedConnectivityInput(project.name, graph, input.config);
          const full = renderProjectPolicies(input, project.name);
          const partial = scoped === undefined ? [] : renderProjectPolicies(scoped, project.name);
          expect(JSON.stringify(partial)).toBe(JSON.stringify(full));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes only the workspace and the connection peers', () => {
    const input: ConnectivityInput = {
      workspaces: [{ name: 'w1', intraWorkspace: 'Allow' }, { name: 'w2', intraWorkspace: 'Deny' }, { name: 'w3', intraWorkspace: 'Allow' }],
      projects: [
        { name: 'a', workspace: 'w1', isolated: false, uid: 'ua' },
        { name: 'b', workspace: 'w1', isolated: true, uid: 'ub' },
        { name: 'c', workspace: 'w2', isolated: false, uid: 'uc' },
        { name: 'd', workspace: 'w3', isolated: false, uid: 'ud' },
      ],
      connections: [{ name: 'a-c', from: 'a', to: 'c', bidirectional: false }],
      config: { systemNamespaces: [], allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: [] },
    };
    const scoped = scopedConnectivityInput('a', graphOf(input), input.config);
    expect(scoped?.projects.map((p) => p.name).sort()).toEqual(['a', 'b', 'c']);
    expect(scoped?.workspaces.map((w) => w.name).sort()).toEqual(['w1', 'w2']);
    expect(scopedConnectivityInput('zzz', graphOf(input), input.config)).toBeUndefined();
  });

  it('owns the policy by the ProjectNetwork in hand even when the cache has no UID yet', () => {
    const input: ConnectivityInput = {
      workspaces: [{ name: 'w', intraWorkspace: 'Allow' }],
      projects: [{ name: 'a', workspace: 'w', isolated: false, uid: '' }],
      connections: [],
      config: { systemNamespaces: [], allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: [] },
    };
    const scoped = scopedConnectivityInput('a', withProjectUid(graphOf(input), 'a', 'uid-a'), input.config);
    const policy = scoped === undefined ? undefined : renderProjectPolicies(scoped, 'a')[0];
    expect(policy?.metadata.ownerReferences[0]?.uid).toBe('uid-a');
  });
});
