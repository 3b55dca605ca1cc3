import { describe, expect, it } from '@jest/globals';
import { CALICO_DEFAULTS, calicoConfigErrors, resolveCalicoSettings, type CalicoSettingsInput } from './options.js';

/** Config arrives from untyped Helm values; these casts model what such input can hold. */
function untyped(input: Record<string, unknown>): CalicoSettingsInput {
  return input;
}

describe('resolveCalicoSettings', () => {
  it('fills the documented defaults', () => {
    expect(resolveCalicoSettings({})).toEqual({
      ok: true,
      settings: { blockSize: 28, ipipMode: 'Never', vxlanMode: 'CrossSubnet', natOutgoing: true, nodeSelector: '!all()' },
    });
  });

  it.each([
    { name: 'IPIP chosen: VXLAN defaults to Never', input: { ipipMode: 'Always' }, expected: { ipipMode: 'Always', vxlanMode: 'Never' } },
    { name: 'both off', input: { vxlanMode: 'Never' }, expected: { ipipMode: 'Never', vxlanMode: 'Never' } },
    { name: 'smallest block size', input: { blockSize: 20 }, expected: { blockSize: 20 } },
    { name: 'largest block size', input: { blockSize: 32 }, expected: { blockSize: 32 } },
    { name: 'Manual assignment', input: { assignmentMode: 'Manual' }, expected: { assignmentMode: 'Manual' } },
    { name: 'no NAT', input: { natOutgoing: false }, expected: { natOutgoing: false } },
    { name: 'a node selector', input: { nodeSelector: "zone == 'a'" }, expected: { nodeSelector: "zone == 'a'" } },
    { name: "the chart's empty assignment mode (decided by the CRD)", input: { assignmentMode: '' }, expected: { blockSize: 28 } },
  ])('accepts $name', ({ input, expected }) => {
    const result = resolveCalicoSettings(untyped(input));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.settings).toMatchObject(expected);
  });

  it.each([
    { input: { blockSize: 19 }, field: 'blockSize', message: /20-32.*not 19/ },
    { input: { blockSize: 33 }, field: 'blockSize', message: /not 33/ },
    { input: { blockSize: 26.5 }, field: 'blockSize', message: /integer/ },
    { input: { blockSize: '28' }, field: 'blockSize', message: /not '28'/ },
    { input: { ipipMode: 'always' }, field: 'ipipMode', message: /Never, Always, CrossSubnet, not 'always'/ },
    { input: { vxlanMode: 'Sometimes' }, field: 'vxlanMode', message: /not 'Sometimes'/ },
    { input: { ipipMode: 'CrossSubnet', vxlanMode: 'Always' }, field: 'vxlanMode', message: /IPIP \(CrossSubnet\) and VXLAN \(Always\)/ },
    { input: { natOutgoing: 'yes' }, field: 'natOutgoing', message: /not 'yes'/ },
    { input: { nodeSelector: '  ' }, field: 'nodeSelector', message: /non-empty/ },
    { input: { nodeSelector: 7 }, field: 'nodeSelector', message: /not 7/ },
    { input: { assignmentMode: 'Sometimes' }, field: 'assignmentMode', message: /Automatic, Manual/ },
  ])('rejects $input with a precise message', ({ input, field, message }) => {
    const result = resolveCalicoSettings(untyped(input));
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('calicoConfigErrors (the calico section of the configuration)', () => {
  it('accepts the defaults, and a node selector and assignment mode on top', () => {
    expect(calicoConfigErrors(CALICO_DEFAULTS)).toEqual([]);
    expect(calicoConfigErrors({ ...CALICO_DEFAULTS, nodeSelector: 'all()', assignmentMode: 'Manual' })).toEqual([]);
  });

  it.each([
    [{ ...CALICO_DEFAULTS, blockSize: 40 }, ['calico.blockSize: blockSize must be an integer 20-32 (an IPv4 prefix length), not 40']],
    [{ ...CALICO_DEFAULTS, extraPodCidrs: [] }, ['calico: unknown setting "extraPodCidrs"']],
    ['all()', ['calico: must be an object']],
  ])('rejects %j', (section, errors) => {
    expect(calicoConfigErrors(section)).toEqual(errors);
  });
});
