import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BANDWIDTH_QUANTITY_PATTERN, bandwidthSchema, parseBandwidth } from './bandwidth.js';
import { validateAgainstSchema } from './schema/validate.test-support.js';

const schema = bandwidthSchema('test').openApi;
const ingressSchema = schema.properties?.ingress ?? {};

describe('parseBandwidth', () => {
  it.each<[string, number]>([
    ['1k', 1_000],
    ['1000', 1_000],
    ['100M', 100_000_000],
    ['1.5G', 1_500_000_000],
    ['10Mi', 10 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1P', 1e15],
    ['0.0015M', 1_500],
    ['1.0001k', 1_001], // rounded up to a whole bit, like Quantity.Value()
  ])('%s is %d bit/s', (quantity, bits) => {
    expect(parseBandwidth(quantity)).toEqual({ ok: true, bitsPerSecond: bits });
  });

  it.each(['', 'M', '100Mbps', '1K', '-1M', '+1M', '1e6', '1.M', '.5M', '1 M', '100m', '1Ki1'])('rejects %j as malformed', (quantity) => {
    expect(parseBandwidth(quantity)).toEqual({ ok: false, reason: 'Malformed' });
  });

  it.each(['999', '0', '0.5k', '1.000000000000001P', '2P', '1Pi', '1E'])('rejects %j as out of range', (quantity) => {
    expect(parseBandwidth(quantity)).toEqual({ ok: false, reason: 'OutOfRange' });
  });

  it('round-trips any whole number of bits in range, with or without an SI suffix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 1e15 }), (bits) => {
        expect(parseBandwidth(String(bits))).toEqual({ ok: true, bitsPerSecond: bits });
        if (bits % 1_000 === 0) expect(parseBandwidth(`${bits / 1_000}k`)).toEqual({ ok: true, bitsPerSecond: bits });
      }),
      { numRuns: 500 },
    );
  });

  it('calls malformed exactly what the CRD pattern rejects', () => {
    const pattern = new RegExp(BANDWIDTH_QUANTITY_PATTERN, 'u');
    const plausible = fc
      .tuple(
        fc.constantFrom('', '-', '+', '.'),
        fc.stringMatching(/^[0-9]{0,4}$/u),
        fc.constantFrom('', '.', '.5', '.25'),
        fc.constantFrom('', 'k', 'K', 'M', 'm', 'Mi', 'Gi', 'G', 'Ti', 'T', 'P', 'Pi', 'E', 'Mb', 'i', 'e3', ' '),
      )
      .map((parts) => parts.join(''));
    const quantities = fc.oneof(plausible, fc.stringMatching(/^[-+ .0-9a-zA-Z]{0,8}$/u));
    fc.assert(
      fc.property(quantities, (quantity) => {
        const parsed = parseBandwidth(quantity);
        expect(parsed.ok || parsed.reason === 'OutOfRange').toBe(pattern.test(quantity));
        expect(validateAgainstSchema(ingressSchema, quantity).length === 0).toBe(pattern.test(quantity));
      }),
      { numRuns: 1000 },
    );
  });
});
