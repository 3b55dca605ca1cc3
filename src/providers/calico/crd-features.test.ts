import { describe, expect, it } from '@jest/globals';
import { ipPoolCrd, ipPoolCrdV328 } from '../../api/external/calico-ippool.js';
import { chooseAssignmentMode, ipPoolCrdFeatures } from './crd-features.js';

describe('ipPoolCrdFeatures', () => {
  it('finds assignmentMode in a Calico >= 3.30 CRD and not in a 3.28 one', () => {
    expect(ipPoolCrdFeatures(ipPoolCrd)).toEqual({ assignmentMode: true });
    expect(ipPoolCrdFeatures(ipPoolCrdV328)).toEqual({ assignmentMode: false });
  });

  it.each([
    ['no spec', {}],
    ['no v1 version', { spec: { versions: [{ name: 'v2', schema: { openAPIV3Schema: { properties: { spec: { properties: { assignmentMode: {} } } } } } }] } }],
    ['no schema', { spec: { versions: [{ name: 'v1' }] } }],
  ])('reports nothing for a CRD with %s', (_name, crd) => {
    expect(ipPoolCrdFeatures(crd)).toEqual({ assignmentMode: false });
  });
});

describe('chooseAssignmentMode', () => {
  const newer = { assignmentMode: true };
  const older = { assignmentMode: false };
  it.each([
    { name: 'default on Calico >= 3.30: Manual', requested: undefined, features: newer, expected: { mode: 'Manual' } },
    { name: 'Automatic asked for on Calico >= 3.30', requested: 'Automatic' as const, features: newer, expected: { mode: 'Automatic' } },
    { name: 'default on Calico 3.28: left out, silently', requested: undefined, features: older, expected: {} },
    { name: 'default when the CRD could not be read: left out', requested: undefined, features: undefined, expected: {} },
  ])('$name', ({ requested, features, expected }) => {
    expect(chooseAssignmentMode(requested, features)).toEqual(expected);
  });

  it('leaves out a mode asked for on a CRD without the field, and says why', () => {
    expect(chooseAssignmentMode('Manual', older)).toEqual({ warning: expect.stringMatching(/assignmentMode Manual is not written: .*no such field \(Calico older than 3\.30\).*nodeSelector/) });
    expect(chooseAssignmentMode('Manual', undefined).warning).toMatch(/could not be read/);
  });
});
