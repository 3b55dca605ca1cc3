// Checks of the ranges a caller hands the Calico provider, before any API call. Pure: a failure is a
// value whose code becomes the terminal error's reason.
import { cidrContains, formatCidr, parseCidr, type Cidr } from '../../ipam/index.js';

export type RangeCheckResult =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly code: string; readonly message: string };

export function checkVpcRange(cidr: string): RangeCheckResult {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) return { ok: false, code: parsed.reason, message: `VPC range: ${parsed.message}` };
  return parsed;
}

/**
 * A subnet must lie in its VPC and hold at least one whole Calico block: Calico hands out addresses
 * per block, so a pool smaller than a block can never serve a pod.
 */
export function checkSubnetRange(cidr: string, vpcCidr: string, blockSize: number): RangeCheckResult {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) return { ok: false, code: parsed.reason, message: `subnet range: ${parsed.message}` };
  const vpc = parseCidr(vpcCidr);
  if (!vpc.ok) return { ok: false, code: vpc.reason, message: `VPC range: ${vpc.message}` };
  if (!cidrContains(vpc.cidr, parsed.cidr)) {
    return { ok: false, code: 'SubnetOutsideVpc', message: `subnet ${formatCidr(parsed.cidr)} is not inside its VPC ${formatCidr(vpc.cidr)}` };
  }
  if (parsed.cidr.prefixLength > blockSize) {
    return {
      ok: false,
      code: 'BlockSizeTooLarge',
      message: `subnet ${formatCidr(parsed.cidr)} is smaller than one Calico block (/${blockSize}); use subnets of /${blockSize} or larger, or a smaller blockSize`,
    };
  }
  return parsed;
}
