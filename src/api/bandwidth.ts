// Bandwidth limits (docs/api-reference.md): bits per second as Kubernetes quantities ("100M" = 100
// Mbit/s), per pod, which is what the dataplane annotations (`kubernetes.io/ingress-bandwidth`,
// Calico QoS) enforce. The accepted range is kubelet's: below 1k or above 1P it refuses to shape at
// all.
import type { CelRule } from './schema/openapi.js';
import { object, optional, string, type Infer, type Schema } from './schema/builder.js';
import { quantityWithin } from './schema/portable-cel.js';

/** Plain decimal quantities with an optional SI (k, M, …) or binary (Ki, Mi, …) suffix. */
export const BANDWIDTH_QUANTITY_PATTERN = '^[0-9]+(\\.[0-9]+)?([kMGTPE]|[KMGTPE]i)?$';

export const MIN_BANDWIDTH = '1k';
export const MAX_BANDWIDTH = '1P';

const RANGE_RULE: CelRule = {
  // Portable CEL (schema/portable-cel.ts): the quantity library needs kube-apiserver 1.29.
  rule: quantityWithin('self', BANDWIDTH_QUANTITY_PATTERN, 1e3, 1e15),
  message: `must be between ${MIN_BANDWIDTH} and ${MAX_BANDWIDTH} bits per second`,
};

function quantitySchema(description: string): Schema<string> {
  return string({ description, maxLength: 32, pattern: BANDWIDTH_QUANTITY_PATTERN, rules: [RANGE_RULE] });
}

/** `{ingress?, egress?}`; used for the workspace limit and the per-project override. */
export function bandwidthSchema(description: string) {
  return object(
    {
      ingress: optional(quantitySchema('Limit on traffic into each pod, in bits per second (e.g. "100M"); absent = no limit.')),
      egress: optional(quantitySchema('Limit on traffic out of each pod, in bits per second (e.g. "100M"); absent = no limit.')),
    },
    { description },
  );
}

export type Bandwidth = Infer<ReturnType<typeof bandwidthSchema>>;

export type BandwidthParseResult =
  | { readonly ok: true; readonly bitsPerSecond: number }
  | { readonly ok: false; readonly reason: 'Malformed' | 'OutOfRange' };

const SUFFIX_MULTIPLIERS: Readonly<Record<string, bigint>> = {
  '': 1n,
  k: 10n ** 3n,
  M: 10n ** 6n,
  G: 10n ** 9n,
  T: 10n ** 12n,
  P: 10n ** 15n,
  E: 10n ** 18n,
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  Pi: 2n ** 50n,
  Ei: 2n ** 60n,
};

const SYNTAX = new RegExp(BANDWIDTH_QUANTITY_PATTERN, 'u');

/**
 * Bits per second of a bandwidth quantity, rounded up to a whole bit like Kubernetes' `Value()`,
 * with the same syntax and range the CRD schema enforces.
 */
export function parseBandwidth(quantity: string): BandwidthParseResult {
  if (!SYNTAX.test(quantity)) return { ok: false, reason: 'Malformed' };
  const suffixLength = quantity.endsWith('i') ? 2 : /[kMGTPE]$/u.test(quantity) ? 1 : 0;
  const digits = quantity.slice(0, quantity.length - suffixLength);
  const multiplier = SUFFIX_MULTIPLIERS[quantity.slice(quantity.length - suffixLength)] ?? 1n;
  const [whole = '0', fraction = ''] = digits.split('.');
  const numerator = BigInt(`${whole}${fraction}`) * multiplier;
  const denominator = 10n ** BigInt(fraction.length);
  const bits = (numerator + denominator - 1n) / denominator;
  if (bits < bitsOf(MIN_BANDWIDTH) || bits > bitsOf(MAX_BANDWIDTH)) return { ok: false, reason: 'OutOfRange' };
  return { ok: true, bitsPerSecond: Number(bits) };
}

function bitsOf(bound: string): bigint {
  const suffix = bound.slice(-1);
  return BigInt(bound.slice(0, -1)) * (SUFFIX_MULTIPLIERS[suffix] ?? 1n);
}
