import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_NAME_LENGTH, parseName, shortUid, subnetName, vpcName } from './naming.js';

const UID = '3f2a9c1e-4b7d-4e0a-9f1c-2d3e4f5a6b7c';

describe('resource names', () => {
  it.each([
    [vpcName('acme', UID), 'ks-ws.acme.3f2a9c1e4b7d'],
    [subnetName('acme', 'web', UID), 'ks-ns.acme.web.3f2a9c1e4b7d'],
    [vpcName('w'.repeat(60), UID), 'ks-ws.3f2a9c1e4b7d'],
  ])('%s', (name, expected) => {
    expect(name).toBe(expected);
  });

  it.each([
    ['ks-ws.acme.3f2a9c1e4b7d', { kind: 'vpc', workspace: 'acme', uid: '3f2a9c1e4b7d' }],
    ['ks-ns.acme.web.3f2a9c1e4b7d', { kind: 'subnet', workspace: 'acme', project: 'web', uid: '3f2a9c1e4b7d' }],
    ['ks-ws.3f2a9c1e4b7d', { kind: 'vpc', uid: '3f2a9c1e4b7d' }],
    ['ks-ws.a.b.3f2a9c1e4b7d', undefined],
    ['ks-ws.acme.NOTHEX', undefined],
    ['someone-elses-router', undefined],
  ])('parses %s', (name, expected) => {
    expect(parseName(name)).toEqual(expected);
  });

  it('round-trips DNS-label names and stays within the length limit (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    fc.assert(
      fc.property(label, label, fc.uuid(), (workspace, project, uid) => {
        const vpc = vpcName(workspace, uid);
        const subnet = subnetName(workspace, project, uid);
        expect(vpc.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        expect(subnet.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        const parsedVpc = parseName(vpc);
        const parsedSubnet = parseName(subnet);
        expect(parsedVpc?.uid).toBe(shortUid(uid));
        expect(parsedSubnet?.uid).toBe(shortUid(uid));
        if (parsedVpc?.kind === 'vpc' && parsedVpc.workspace !== undefined) expect(parsedVpc.workspace).toBe(workspace);
        if (parsedSubnet?.kind === 'subnet' && parsedSubnet.project !== undefined) expect(parsedSubnet.project).toBe(project);
      }),
      { numRuns: 300 },
    );
  });
});
