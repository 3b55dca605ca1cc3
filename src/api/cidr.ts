// IPv4 address and CIDR fields. The pattern checks syntax; the CEL rule also rejects host bits
// (`10.0.0.1/24`), so a stored CIDR is always the network address and string equality means the
// same network. Both run in every supported kube-apiserver (schema/portable-cel.ts says why the
// rule does not use the IP/CIDR library).
// IPv4 only: the address pools of both providers (docs/providers.md) are IPv4.
import { string, type Schema } from './schema/builder.js';
import { cidrWithoutHostBits } from './schema/portable-cel.js';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';

export const IPV4_ADDRESS_PATTERN = `^(${OCTET}\\.){3}${OCTET}$`;
export const IPV4_CIDR_PATTERN = `^(${OCTET}\\.){3}${OCTET}/(3[0-2]|[12]?[0-9])$`;

/** `255.255.255.255/32`. */
const IPV4_CIDR_MAX_LENGTH = 18;

const CIDR_CEL_RULE = cidrWithoutHostBits('self', IPV4_CIDR_PATTERN);

export function ipv4CidrSchema(description: string): Schema<string> {
  return string({
    description,
    maxLength: IPV4_CIDR_MAX_LENGTH,
    pattern: IPV4_CIDR_PATTERN,
    rules: [
      {
        rule: CIDR_CEL_RULE,
        message: 'must be an IPv4 network in CIDR notation without host bits, e.g. 10.128.0.0/16',
      },
    ],
  });
}

export function ipv4AddressSchema(description: string): Schema<string> {
  return string({ description, maxLength: 15, pattern: IPV4_ADDRESS_PATTERN });
}
