// Vxnet (subnet) actions, all synchronous: CreateVxnets, DescribeVxnets, DeleteVxnets.

import type { SimVxnet } from '../model.js';
import { fail, paginate } from '../sim-params.js';
import type { World } from '../world.js';
import type { Handler } from './context.js';

function vxnetView(world: World, vxnet: SimVxnet): Record<string, unknown> {
  const join = vxnet.join;
  const router = join === undefined ? undefined : world.routers.get(join.router_id);
  return {
    vxnet_id: vxnet.vxnet_id,
    vxnet_name: vxnet.vxnet_name,
    vxnet_type: vxnet.vxnet_type,
    description: vxnet.description,
    create_time: world.iso(vxnet.createdAtMs),
    owner: 'usr-simulator',
    zone_id: '',
    vpc_router_id: join?.router_id ?? '',
    router:
      join === undefined
        ? null
        : {
            router_id: join.router_id,
            router_name: router?.router_name ?? '',
            manager_ip: join.manager_ip,
            ip_network: join.ip_network,
            dyn_ip_start: join.dyn_ip_start,
            dyn_ip_end: join.dyn_ip_end,
            mode: 0,
          },
    available_ip_count: join === undefined ? 0 : 250,
    instance_ids: [],
    tags: world.tagsOf(vxnet.vxnet_id),
  };
}

export const createVxnets: Handler = ({ world, params }) => {
  const typeText = params.required('vxnet_type');
  const vxnetType = Number(typeText);
  if (vxnetType !== 0 && vxnetType !== 1) throw fail(1100, `InvalidParameter, vxnet_type [${typeText}] should be 0 or 1`);
  const count = params.int('count', 1);
  if (count < 1 || count > 100) throw fail(1100, `InvalidParameter, count [${count}] should be between 1 and 100`);
  world.assertQuota('vxnet', count);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const vxnet: SimVxnet = {
      vxnet_id: world.newId('vxnet-', 7),
      vxnet_name: params.str('vxnet_name') ?? '',
      vxnet_type: vxnetType,
      description: params.str('description') ?? '',
      createdAtMs: world.now(),
      seq: world.nextSeq(),
    };
    world.vxnets.set(vxnet.vxnet_id, vxnet);
    ids.push(vxnet.vxnet_id);
  }
  return { vxnets: ids };
};

export const describeVxnets: Handler = ({ world, params }) => {
  const ids = params.list('vxnets');
  const tagIds = params.list('tags');
  const searchWord = params.str('search_word');
  const typeText = params.str('vxnet_type');
  const matches = [...world.vxnets.values()]
    .filter((v) => ids.length === 0 || ids.includes(v.vxnet_id))
    .filter((v) => typeText === undefined || String(v.vxnet_type) === typeText)
    .filter((v) => tagIds.length === 0 || world.hasAnyTag(v.vxnet_id, tagIds))
    .filter((v) => searchWord === undefined || v.vxnet_id.includes(searchWord) || v.vxnet_name.includes(searchWord))
    .sort((a, b) => b.seq - a.seq);
  const page = paginate(matches, params);
  return { vxnet_set: page.items.map((v) => vxnetView(world, v)), total_count: page.total_count };
};

export const deleteVxnets: Handler = ({ world, params }) => {
  const ids = params.list('vxnets');
  if (ids.length === 0) throw fail(1100, 'MissingParameter, the parameter [vxnets] is required');
  const vxnets = ids.map((id) => world.vxnet(id));
  for (const vxnet of vxnets) {
    if (vxnet.busy !== undefined) throw fail(1400, `PermissionDenied, resource [${vxnet.vxnet_id}] is [updating], please try later`);
    if (vxnet.join !== undefined) {
      throw fail(1400, `PermissionDenied, vxnet [${vxnet.vxnet_id}] is still joined to router [${vxnet.join.router_id}], leave the router first`);
    }
  }
  for (const vxnet of vxnets) {
    world.vxnets.delete(vxnet.vxnet_id);
    world.dropTagPairs(vxnet.vxnet_id);
  }
  return { vxnets: ids };
};
