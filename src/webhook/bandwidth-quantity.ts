// The one place where bandwidth units are converted (docs/api-reference.md, `bandwidth`): limits
// are bits per second written as Kubernetes quantities ("100M" = 100 Mbit/s), which is what both
// the bandwidth CNI plugin (`kubernetes.io/*-bandwidth`) and Calico's QoS annotations read. Parsing
// is the API's own `parseBandwidth` (same syntax and range as the CRD schema); formatting picks the
// shortest exact form.
import { parseBandwidth } from '../api/bandwidth.js';

export const DIRECTIONS = ['ingress', 'egress'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Per-direction limits in bits per second; absent = no limit. */
export interface BandwidthLimits {
  readonly ingress?: number;
  readonly egress?: number;
}

const DECIMAL_SUFFIXES: readonly (readonly [string, bigint])[] = [
  ['E', 10n ** 18n], ['P', 10n ** 15n], ['T', 10n ** 12n], ['G', 10n ** 9n], ['M', 10n ** 6n], ['k', 10n ** 3n],
];
const BINARY_SUFFIXES: readonly (readonly [string, bigint])[] = [
  ['Ei', 2n ** 60n], ['Pi', 2n ** 50n], ['Ti', 2n ** 40n], ['Gi', 2n ** 30n], ['Mi', 2n ** 20n], ['Ki', 2n ** 10n],
];

function largestExact(bits: bigint, suffixes: readonly (readonly [string, bigint])[]): string | undefined {
  for (const [suffix, multiplier] of suffixes) if (bits % multiplier === 0n) return `${bits / multiplier}${suffix}`;
  return undefined;
}

/**
 * A whole number of bits per second as a quantity: the largest decimal suffix that divides it
 * exactly, else the largest binary one, else plain digits (1500000 → "1500k", 104857600 → "100Mi").
 * Fractions are rounded up, as Kubernetes does.
 */
export function formatBitsPerSecond(bitsPerSecond: number): string {
  const bits = BigInt(Math.max(0, Math.ceil(bitsPerSecond)));
  if (bits === 0n) return '0';
  return largestExact(bits, DECIMAL_SUFFIXES) ?? largestExact(bits, BINARY_SUFFIXES) ?? bits.toString();
}

/** Bits per second of a quantity, or undefined when it is malformed or outside what kubelet accepts. */
export function bitsPerSecondOf(quantity: string | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const parsed = parseBandwidth(quantity.trim());
  return parsed.ok ? parsed.bitsPerSecond : undefined;
}

/** The limit that applies to a project: each direction of the project override wins over the workspace default. */
export function effectiveLimits(
  workspace: { readonly ingress?: string; readonly egress?: string } | undefined,
  project: { readonly ingress?: string; readonly egress?: string } | undefined,
): BandwidthLimits {
  const pick = (direction: Direction): number | undefined => bitsPerSecondOf(project?.[direction]) ?? bitsPerSecondOf(workspace?.[direction]);
  const ingress = pick('ingress');
  const egress = pick('egress');
  return { ...(ingress === undefined ? {} : { ingress }), ...(egress === undefined ? {} : { egress }) };
}
