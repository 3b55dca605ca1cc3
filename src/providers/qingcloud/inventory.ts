// What the provider owns on the account: everything carrying the ownership tag, plus untagged
// resources with our names (a crash between create and tag). The orphan sweep compares this with
// the objects that refer to resources (controller/orphans/).
import type { OwnedResource } from '../contract.js';
import type { QingCloudApi } from './api.js';
import { isLive } from './lookups.js';
import { parseName, SUBNET_NAME_PREFIX, VPC_NAME_PREFIX } from './naming.js';
import type { OwnershipTag } from './ownership-tag.js';
import type { Router, Vxnet } from './types.js';

export async function listOwned(api: QingCloudApi, tag: OwnershipTag, signal: AbortSignal): Promise<OwnedResource[]> {
  const tagId = await tag.id(signal);
  const routers = new Map<string, Router>();
  for (const r of await api.describeRouters({ tagIds: [tagId] }, signal)) routers.set(r.router_id, r);
  for (const r of await api.describeRouters({ searchWord: VPC_NAME_PREFIX }, signal)) {
    if (r.router_name.startsWith(VPC_NAME_PREFIX)) routers.set(r.router_id, r);
  }
  const vxnets = new Map<string, Vxnet>();
  for (const v of await api.describeVxnets({ tagIds: [tagId] }, signal)) vxnets.set(v.vxnet_id, v);
  for (const v of await api.describeVxnets({ searchWord: SUBNET_NAME_PREFIX }, signal)) {
    if (v.vxnet_name.startsWith(SUBNET_NAME_PREFIX)) vxnets.set(v.vxnet_id, v);
  }
  const owned: OwnedResource[] = [];
  for (const r of routers.values()) {
    if (!isLive(r)) continue;
    const parsed = parseName(r.router_name);
    owned.push({ kind: 'vpc', id: r.router_id, name: r.router_name, ...(parsed?.workspace === undefined ? {} : { workspace: parsed.workspace }), ...(parsed === undefined ? {} : { ownerUid: parsed.uid }) });
  }
  for (const v of vxnets.values()) {
    const parsed = parseName(v.vxnet_name);
    owned.push({
      kind: 'subnet',
      id: v.vxnet_id,
      name: v.vxnet_name,
      ...(parsed?.workspace === undefined ? {} : { workspace: parsed.workspace }),
      ...(parsed?.kind === 'subnet' && parsed.project !== undefined ? { project: parsed.project } : {}),
      ...(parsed === undefined ? {} : { ownerUid: parsed.uid }),
    });
  }
  return owned;
}
