import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bitsPerSecondOf, effectiveLimits, formatBitsPerSecond } from './bandwidth-quantity.js';

describe('formatBitsPerSecond', () => {
  it.each([
    [1_000, '1k'],
    [1_500_000, '1500k'],
    [100_000_000, '100M'],
    [1_000_000_000, '1G'],
    [2_500_000_000, '2500M'],
    [1e15, '1P'],
    [104_857_600, '100Mi'],
    [1_024, '1Ki'],
    [1_001, '1001'],
    [1_234_567, '1234567'],
    [999.2, '1k'],
    [998.5, '999'],
    [1000.5, '1001'],
    [0, '0'],
  ])('%d bit/s → %s', (bits, quantity) => {
    expect(formatBitsPerSecond(bits)).toBe(quantity);
  });

  it('round-trips through the API parser for every whole rate kubelet accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 1e15 }), (bits) => {
        expect(bitsPerSecondOf(formatBitsPerSecond(bits))).toBe(bits);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips rates built from suffixes', () => {
    const suffix = fc.constantFrom<[number, string]>([1e3, 'k'], [1e6, 'M'], [1e9, 'G'], [2 ** 10, 'Ki'], [2 ** 20, 'Mi'], [2 ** 30, 'Gi']);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), suffix, (n, [multiplier, s]) => {
        expect(bitsPerSecondOf(formatBitsPerSecond(n * multiplier))).toBe(bitsPerSecondOf(`${n}${s}`));
      }),
      { numRuns: 500 },
    );
  });
});

describe('bitsPerSecondOf', () => {
  it.each([
    ['100M', 100_000_000],
    ['1.5G', 1_500_000_000],
    ['10Mi', 10_485_760],
    [' 20M ', 20_000_000],
    ['1k', 1_000],
    ['999', undefined],
    ['2P', undefined],
    ['100MB', undefined],
    ['fast', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (quantity, bits) => {
    expect(bitsPerSecondOf(quantity)).toBe(bits);
  });
});

describe('effectiveLimits', () => {
  it.each([
    [undefined, undefined, {}],
    [{ ingress: '100M' }, undefined, { ingress: 100_000_000 }],
    [{ ingress: '100M', egress: '50M' }, { egress: '10M' }, { ingress: 100_000_000, egress: 10_000_000 }],
    [{ ingress: '100M' }, { ingress: '1G' }, { ingress: 1_000_000_000 }],
    [undefined, { egress: '5M' }, { egress: 5_000_000 }],
    [{ ingress: '100M' }, { ingress: 'bogus' }, { ingress: 100_000_000 }],
  ])('workspace %j + project %j → %j', (workspace, project, limits) => {
    expect(effectiveLimits(workspace, project)).toEqual(limits);
  });
});
