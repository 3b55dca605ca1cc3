// Minimal IPv4 CIDR arithmetic for the simulator's address rules.

export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses `a.b.c.d/n`; host bits must be zero. */
export function parseCidr(text: string): Cidr | undefined {
  const [ip, prefixText, extra] = text.split('/');
  if (ip === undefined || prefixText === undefined || extra !== undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const base = parseIpv4(ip);
  const prefix = Number(prefixText);
  if (base === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { base, prefix };
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + cidrSize(inner) <= outer.base + cidrSize(outer);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

export function addressIn(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + cidrSize(cidr);
}

/** The vpc_network values QingCloud accepts: 192.168.0.0/16 and 172.16.0.0/16 … 172.31.0.0/16. */
export const ALLOWED_VPC_NETWORKS: readonly string[] = [
  '192.168.0.0/16',
  ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.0.0/16`),
];
