// Pools someone else made (Calico's default pool, KubeSphere's network extension, an admin) that
// overlap a workspace's VPC range: pods drawing from them could get addresses the controller hands
// to that workspace's projects. Found, not fought: the workspace reports Degraded. Pure.
import { cidrsOverlap, parseCidr } from '../../ipam/index.js';
import type { ProviderWarning } from '../contract.js';
import type { IpPoolObject } from './ippool.js';

export function foreignOverlapWarning(vpcCidr: string, foreignPools: readonly IpPoolObject[]): ProviderWarning | undefined {
  const vpc = parseCidr(vpcCidr);
  if (!vpc.ok) return undefined;
  const overlapping = foreignPools.flatMap((pool) => {
    const cidr = parseCidr(pool.spec?.cidr ?? '');
    return cidr.ok && cidrsOverlap(cidr.cidr, vpc.cidr) ? [`${pool.metadata?.name ?? '?'} (${pool.spec?.cidr ?? ''})`] : [];
  });
  if (overlapping.length === 0) return undefined;
  return {
    reason: 'ForeignPoolOverlap',
    message: `IPPool(s) not made by the controller overlap this workspace's range ${vpcCidr}: ${overlapping.sort().join(', ')}; their pods may get addresses of this workspace's projects — move them out of the controller's vpcPool, or shrink vpcPool`,
  };
}
