import { describe, expect, it } from '@jest/globals';
import type { AddressUsage } from '../../providers/contract.js';
import { planUsageWrites } from './plan.js';

const usage = (project: string, used: number): AddressUsage => ({ subnet: { workspace: 'w', project, projectUid: `u-${project}`, cidr: '10.128.0.0/24' }, used });

describe('planUsageWrites', () => {
  it.each([
    { name: 'unchanged figure: no write', usage: [usage('a', 3)], recorded: [['a', 3]], expected: [] },
    { name: 'changed figure: one write', usage: [usage('a', 4)], recorded: [['a', 3]], expected: [{ project: 'a', used: 4 }] },
    { name: 'back to zero: written', usage: [usage('a', 0)], recorded: [['a', 3]], expected: [{ project: 'a', used: 0 }] },
    { name: 'never written and none in use: no write', usage: [usage('a', 0)], recorded: [['a', undefined]], expected: [] },
    { name: 'never written and some in use: written', usage: [usage('a', 2)], recorded: [['a', undefined]], expected: [{ project: 'a', used: 2 }] },
    { name: 'a project gone from the cache meanwhile: no write', usage: [usage('gone', 2)], recorded: [], expected: [] },
  ] as const)('$name', ({ usage: round, recorded, expected }) => {
    expect(planUsageWrites(round, new Map(recorded as readonly (readonly [string, number | undefined])[]))).toEqual(expected);
  });
});
