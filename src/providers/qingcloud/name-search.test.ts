import { describe, expect, it } from '@jest/globals';
import { planNameSearches } from './name-search.js';
import { subnetName, vpcName } from './naming.js';

const uid = (n: number): string => `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000`;
const longWorkspace = 'w'.repeat(40);

describe('planNameSearches', () => {
  it.each([
    ['one subnet: its exact name', [subnetName('ws1', 'p1', uid(1))], [{ searchWord: subnetName('ws1', 'p1', uid(1)), names: [subnetName('ws1', 'p1', uid(1))] }]],
    ['subnets of one workspace: the workspace prefix', [subnetName('ws1', 'p1', uid(1)), subnetName('ws1', 'p2', uid(2))], [{ searchWord: 'ks-ns.ws1.', names: [subnetName('ws1', 'p1', uid(1)), subnetName('ws1', 'p2', uid(2))] }]],
    [
      'subnets of two workspaces: one search each',
      [subnetName('ws1', 'p1', uid(1)), subnetName('ws2', 'p1', uid(3)), subnetName('ws1', 'p2', uid(2))],
      [
        { searchWord: 'ks-ns.ws1.', names: [subnetName('ws1', 'p1', uid(1)), subnetName('ws1', 'p2', uid(2))] },
        { searchWord: subnetName('ws2', 'p1', uid(3)), names: [subnetName('ws2', 'p1', uid(3))] },
      ],
    ],
    ['several VPCs: the VPC prefix', [vpcName('ws1', uid(1)), vpcName('ws2', uid(2))], [{ searchWord: 'ks-ws.', names: [vpcName('ws1', uid(1)), vpcName('ws2', uid(2))] }]],
    [
      'names without a readable part: each on its own',
      [subnetName(longWorkspace, longWorkspace, uid(1)), subnetName(longWorkspace, longWorkspace, uid(2))],
      [
        { searchWord: subnetName(longWorkspace, longWorkspace, uid(1)), names: [subnetName(longWorkspace, longWorkspace, uid(1))] },
        { searchWord: subnetName(longWorkspace, longWorkspace, uid(2)), names: [subnetName(longWorkspace, longWorkspace, uid(2))] },
      ],
    ],
    ['a name asked twice: once', [vpcName('ws1', uid(1)), vpcName('ws1', uid(1))], [{ searchWord: vpcName('ws1', uid(1)), names: [vpcName('ws1', uid(1))] }]],
  ])('%s', (_label, names, expected) => {
    expect(planNameSearches(names)).toEqual(expected);
  });

  it('every search word is a substring of each name it stands for', () => {
    const names = [subnetName('a', 'b', uid(1)), subnetName('a', 'c', uid(2)), vpcName('a', uid(3)), vpcName('b', uid(4)), subnetName(longWorkspace, 'x', uid(5))];
    const plan = planNameSearches(names);
    expect(plan.flatMap((s) => s.names).sort()).toEqual([...names].sort());
    for (const search of plan) for (const name of search.names) expect(name.includes(search.searchWord)).toBe(true);
  });
});
