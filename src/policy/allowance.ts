// What may flow from one endpoint to another: nothing, everything, or some ports. Ports are kept in a
// canonical form (per protocol, sorted, overlapping and adjacent ranges merged) so that two equal
// allowances compare equal and render identically.
import type { PortRange, Protocol } from './model.js';
import { compareStrings } from './order.js';

export interface CanonicalPort {
  readonly protocol: Protocol;
  readonly port: number;
  /** Present only when the range covers more than one port. */
  readonly endPort?: number;
}

export type Allowance =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'ports'; readonly ports: readonly CanonicalPort[] };

export const ALLOW_NONE: Allowance = { kind: 'none' };
export const ALLOW_ALL: Allowance = { kind: 'all' };

/** A connection's ports: absent or empty means all ports. */
export function allowanceOfPorts(ports: readonly PortRange[] | undefined): Allowance {
  if (ports === undefined || ports.length === 0) return ALLOW_ALL;
  return { kind: 'ports', ports: canonicalPorts(ports) };
}

export function unionAllowances(a: Allowance, b: Allowance): Allowance {
  if (a.kind === 'none') return b;
  if (b.kind === 'none') return a;
  if (a.kind === 'all' || b.kind === 'all') return ALLOW_ALL;
  return { kind: 'ports', ports: canonicalPorts([...a.ports, ...b.ports]) };
}

/** Stable text form, used to group equal allowances and to order rendered rules. */
export function allowanceKey(allowance: Allowance): string {
  if (allowance.kind !== 'ports') return allowance.kind;
  return allowance.ports.map((p) => `${p.protocol}/${p.port}-${p.endPort ?? p.port}`).join(',');
}

export function canonicalPorts(ports: readonly PortRange[]): CanonicalPort[] {
  const spans = ports
    .map((p) => ({ protocol: p.protocol ?? 'TCP', first: p.port, last: p.endPort ?? p.port }))
    .sort((x, y) => compareStrings(x.protocol, y.protocol) || x.first - y.first || x.last - y.last);
  const merged: { protocol: Protocol; first: number; last: number }[] = [];
  for (const span of spans) {
    const previous = merged.at(-1);
    if (previous?.protocol === span.protocol && span.first <= previous.last + 1) {
      previous.last = Math.max(previous.last, span.last);
    } else {
      merged.push({ ...span });
    }
  }
  return merged.map((s) => (s.last > s.first ? { protocol: s.protocol, port: s.first, endPort: s.last } : { protocol: s.protocol, port: s.first }));
}
