// Router (VPC) actions: CreateRouters, DescribeRouters, DeleteRouters.

import { ALLOWED_VPC_NETWORKS, formatIpv4 } from '../cidr.js';
import type { SimRouter } from '../model.js';
import { fail, paginate } from '../sim-params.js';
import type { World } from '../world.js';
import type { Handler } from './context.js';

export function routerView(world: World, router: SimRouter, verbose: boolean): Record<string, unknown> {
  return {
    router_id: router.router_id,
    router_name: router.router_name,
    description: router.description,
    router_type: router.router_type,
    status: router.status,
    transition_status: router.transition_status,
    is_applied: 1,
    private_ip: router.private_ip,
    vpc_network: router.vpc_network,
    vpc_id: router.vpc_id,
    security_group_id: router.security_group_id,
    create_time: world.iso(router.createdAtMs),
    status_time: world.iso(router.statusAtMs),
    tags: world.tagsOf(router.router_id),
    ...(verbose ? { vxnets: world.routerVxnets(router.router_id, false).map((v) => ({ vxnet_id: v.vxnet_id, nic_id: '' })) } : {}),
  };
}

export const createRouters: Handler = ({ world, params, failJob }) => {
  const vpcNetwork = params.required('vpc_network');
  if (!ALLOWED_VPC_NETWORKS.includes(vpcNetwork)) {
    throw fail(1100, `InvalidParameter, vpc_network [${vpcNetwork}] should be one of 192.168.0.0/16, 172.16.0.0/16 ... 172.31.0.0/16`);
  }
  const routerType = params.int('router_type', 1);
  if (routerType < 0 || routerType > 3) throw fail(1100, `InvalidParameter, router_type [${routerType}] should be 0, 1, 2 or 3`);
  const count = params.int('count', 1);
  if (count < 1 || count > 10) throw fail(1100, `InvalidParameter, count [${count}] should be between 1 and 10`);
  world.assertQuota('router', count);
  const now = world.now();
  const created: SimRouter[] = [];
  for (let i = 0; i < count; i += 1) {
    const router: SimRouter = {
      router_id: world.newId('rtr-', 8),
      router_name: params.str('router_name') ?? '',
      description: params.str('description') ?? '',
      router_type: routerType,
      vpc_network: vpcNetwork,
      vpc_id: world.newId('vpc-', 8),
      private_ip: formatIpv4(0x0a8c0000 + world.rng.int(65_000) + 2),
      security_group_id: params.str('security_group') ?? '',
      status: 'pending',
      transition_status: 'creating',
      createdAtMs: now,
      statusAtMs: now,
      seq: world.nextSeq(),
    };
    world.routers.set(router.router_id, router);
    created.push(router);
  }
  const job = world.startJob('CreateRouters', created.map((r) => r.router_id), failJob, {
    onSuccess: () => {
      for (const router of created) {
        router.status = 'active';
        router.transition_status = '';
        router.statusAtMs = world.now();
      }
    },
    onFailure: () => {
      for (const router of created) {
        router.status = 'ceased';
        router.transition_status = '';
        router.statusAtMs = world.now();
        router.deletedAtMs = world.now();
      }
    },
  });
  return { routers: created.map((r) => r.router_id), job_id: job.job_id };
};

export const describeRouters: Handler = ({ world, params }) => {
  const ids = params.list('routers');
  const statuses = params.list('status');
  const tagIds = params.list('tags');
  const searchWord = params.str('search_word');
  const vxnetId = params.str('vxnet');
  const verbose = params.int('verbose', 0) === 1;
  const matches = [...world.routers.values()]
    .filter((r) => ids.length === 0 || ids.includes(r.router_id))
    .filter((r) => statuses.length === 0 || statuses.includes(r.status))
    .filter((r) => tagIds.length === 0 || world.hasAnyTag(r.router_id, tagIds))
    .filter((r) => searchWord === undefined || r.router_id.includes(searchWord) || r.router_name.includes(searchWord))
    .filter((r) => vxnetId === undefined || world.routerVxnets(r.router_id, false).some((v) => v.vxnet_id === vxnetId))
    .sort((a, b) => b.seq - a.seq);
  const page = paginate(matches, params);
  return { router_set: page.items.map((r) => routerView(world, r, verbose)), total_count: page.total_count };
};

export const deleteRouters: Handler = ({ world, params, failJob }) => {
  const ids = params.list('routers');
  if (ids.length === 0) throw fail(1100, 'MissingParameter, the parameter [routers] is required');
  const routers = ids.map((id) => world.router(id));
  const now = world.now();
  for (const router of routers) {
    if (router.status === 'deleted' || router.status === 'ceased') {
      throw fail(1400, `PermissionDenied, resource [${router.router_id}] has already been [${router.status}]`);
    }
    world.assertIdle(router);
    if (now - router.createdAtMs < world.timings.leaseWindowMs) {
      throw fail(1400, `PermissionDenied, resource [${router.router_id}] lease info not ready yet, please try later`);
    }
    const joined = world.routerVxnets(router.router_id, true);
    if (joined.length > 0) {
      throw fail(5400, `DependencyExists, router [${router.router_id}] still has vxnets [${joined.map((v) => v.vxnet_id).join(',')}] joined, leave them first`);
    }
  }
  for (const router of routers) router.transition_status = 'deleting';
  const job = world.startJob('DeleteRouters', ids, failJob, {
    onSuccess: () => {
      for (const router of routers) {
        router.status = 'deleted';
        router.transition_status = '';
        router.statusAtMs = world.now();
        router.deletedAtMs = world.now();
      }
    },
    onFailure: () => {
      for (const router of routers) router.transition_status = '';
    },
  });
  return { routers: ids, job_id: job.job_id };
};
