// IPv4 addresses as plain numbers (0 … 2^32-1): exact in a double and much faster than bigint or
// string-based libraries on the allocator's hot path. Parsing is strict (no leading zeros, like
// Kubernetes' own CIDR validation) so every address has exactly one spelling.

export const IPV4_BITS = 32;

export type Ipv4ParseResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: 'InvalidIPAddress'; readonly message: string };

// "0" or 1-3 digits without a leading zero; the numeric range is checked separately.
const OCTET = /^(?:0|[1-9]\d{0,2})$/;

export function parseIpv4Address(text: string): Ipv4ParseResult {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return invalidAddress(`'${text}' is not an IPv4 address: expected four dot-separated numbers`);
  }
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part) || Number(part) > 255) {
      return invalidAddress(`'${text}' is not an IPv4 address: '${part}' is not a number 0-255 without leading zeros`);
    }
    value = value * 256 + Number(part);
  }
  return { ok: true, value };
}

export function formatIpv4Address(value: number): string {
  // `>>>` works on the unsigned 32-bit value, so this is exact for the whole address space.
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

function invalidAddress(message: string): Ipv4ParseResult {
  return { ok: false, reason: 'InvalidIPAddress', message };
}
