// QingCloud's address rules for a vxnet joined to a router, checked before anything is created:
// the ip_network is a /24 inside the router's vpc_network.

import { cidrContains, parseCidr } from '../../ipam/index.js';

export const QINGCLOUD_SUBNET_PREFIX = 24;

/** Undefined when QingCloud will accept `subnetCidr` in a VPC of `vpcCidr`; else why not. */
export function subnetRangeProblem(subnetCidr: string, vpcCidr: string): string | undefined {
  const subnet = parseCidr(subnetCidr);
  if (!subnet.ok) return subnet.message;
  if (subnet.cidr.prefixLength !== QINGCLOUD_SUBNET_PREFIX) return `QingCloud subnets are /${QINGCLOUD_SUBNET_PREFIX}, not ${subnetCidr}`;
  const vpc = parseCidr(vpcCidr);
  if (!vpc.ok) return vpc.message;
  if (!cidrContains(vpc.cidr, subnet.cidr)) return `subnet ${subnetCidr} is not inside its VPC ${vpcCidr}`;
  return undefined;
}
