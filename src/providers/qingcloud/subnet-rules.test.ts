import { describe, expect, it } from '@jest/globals';
import { subnetRangeProblem } from './subnet-rules.js';

describe('subnetRangeProblem', () => {
  it.each([
    ['172.16.3.0/24', '172.16.0.0/16', undefined],
    ['192.168.255.0/24', '192.168.0.0/16', undefined],
    ['172.16.3.0/25', '172.16.0.0/16', /\/24/],
    ['172.16.2.0/23', '172.16.0.0/16', /\/24/],
    ['172.17.3.0/24', '172.16.0.0/16', /not inside/],
    ['203.0.113.0/24', '172.16.0.0/16', /not inside/],
    ['172.16.3.5/24', '172.16.0.0/16', /./],
    ['nonsense', '172.16.0.0/16', /./],
  ])('%s in %s', (subnet, vpc, expected) => {
    const problem = subnetRangeProblem(subnet, vpc);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
