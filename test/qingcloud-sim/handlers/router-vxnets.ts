// Joining vxnets to routers: JoinRouter, LeaveRouter, DescribeRouterVxnets.

import { addressIn, cidrContains, cidrsOverlap, formatIpv4, parseCidr, parseIpv4, type Cidr } from '../cidr.js';
import type { SimJoin, SimRouter } from '../model.js';
import { fail, paginate, type SimParams } from '../sim-params.js';
import type { World } from '../world.js';
import type { Handler } from './context.js';

/** A router takes joins and leaves only when active or powered off, and not mid-transition. */
function assertRouterMutable(world: World, router: SimRouter): void {
  world.assertIdle(router);
  if (router.status !== 'active' && router.status !== 'poweroffed') {
    throw fail(1400, `PermissionDenied, router [${router.router_id}] is [${router.status}], should be active or poweroffed`);
  }
}

function addressParam(params: SimParams, key: string, network: Cidr, fallback: number): string {
  const text = params.str(key);
  if (text === undefined) return formatIpv4(fallback);
  const ip = parseIpv4(text);
  if (ip === undefined || !addressIn(network, ip)) throw fail(1100, `InvalidParameter, ${key} [${text}] is not inside ip_network`);
  return text;
}

export const joinRouter: Handler = ({ world, params, failJob }) => {
  const router = world.router(params.required('router'));
  const vxnet = world.vxnet(params.required('vxnet'));
  const ipNetworkText = params.required('ip_network');
  const features = params.int('features', 1);
  if (features !== 1) throw fail(1100, `InvalidParameter, features [${features}] should be 1`);
  assertRouterMutable(world, router);
  if (vxnet.vxnet_type !== 1) throw fail(1400, `PermissionDenied, vxnet [${vxnet.vxnet_id}] is not a managed vxnet`);
  if (vxnet.busy !== undefined) throw fail(1400, `PermissionDenied, resource [${vxnet.vxnet_id}] is [updating], please try later`);
  if (vxnet.join !== undefined) {
    throw fail(1400, `PermissionDenied, vxnet [${vxnet.vxnet_id}] has already joined router [${vxnet.join.router_id}]`);
  }
  const network = parseCidr(ipNetworkText);
  if (network?.prefix !== 24) throw fail(1100, `InvalidParameter, ip_network [${ipNetworkText}] should be a x.x.x.0/24 network`);
  const vpc = parseCidr(router.vpc_network);
  if (vpc === undefined || !cidrContains(vpc, network)) {
    throw fail(1100, `InvalidParameter, ip_network [${ipNetworkText}] is not inside vpc_network [${router.vpc_network}]`);
  }
  const members = world.routerVxnets(router.router_id, true);
  for (const other of members) {
    const taken = other.join ?? other.pendingJoin;
    const otherNet = taken === undefined ? undefined : parseCidr(taken.ip_network);
    if (otherNet !== undefined && cidrsOverlap(otherNet, network)) {
      throw fail(1400, `PermissionDenied, ip_network [${ipNetworkText}] conflicts with vxnet [${other.vxnet_id}] in router [${router.router_id}]`);
    }
  }
  if (members.length >= world.maxRouterVxnets) {
    throw fail(1400, `PermissionDenied, router [${router.router_id}] already has the maximum of [${world.maxRouterVxnets}] vxnets`);
  }
  const join: SimJoin = {
    router_id: router.router_id,
    ip_network: ipNetworkText,
    manager_ip: addressParam(params, 'manager_ip', network, network.base + 1),
    dyn_ip_start: addressParam(params, 'dyn_ip_start', network, network.base + 2),
    dyn_ip_end: addressParam(params, 'dyn_ip_end', network, network.base + 254),
    features,
    joinedAtMs: world.now(),
  };
  vxnet.pendingJoin = join;
  vxnet.busy = 'joining';
  router.transition_status = 'updating';
  const job = world.startJob('JoinRouter', [router.router_id, vxnet.vxnet_id], failJob, {
    onSuccess: () => {
      vxnet.join = { ...join, joinedAtMs: world.now() };
      delete vxnet.pendingJoin;
      delete vxnet.busy;
      router.transition_status = '';
    },
    onFailure: () => {
      delete vxnet.pendingJoin;
      delete vxnet.busy;
      router.transition_status = '';
    },
  });
  return { router_id: router.router_id, vxnet_id: vxnet.vxnet_id, job_id: job.job_id };
};

export const leaveRouter: Handler = ({ world, params, failJob }) => {
  const router = world.router(params.required('router'));
  const vxnetIds = params.list('vxnets');
  if (vxnetIds.length === 0) throw fail(1100, 'MissingParameter, the parameter [vxnets] is required');
  const vxnets = vxnetIds.map((id) => world.vxnet(id));
  assertRouterMutable(world, router);
  for (const vxnet of vxnets) {
    if (vxnet.busy !== undefined) throw fail(1400, `PermissionDenied, resource [${vxnet.vxnet_id}] is [updating], please try later`);
    if (vxnet.join?.router_id !== router.router_id) {
      throw fail(1400, `PermissionDenied, vxnet [${vxnet.vxnet_id}] is not in router [${router.router_id}]`);
    }
  }
  for (const vxnet of vxnets) vxnet.busy = 'leaving';
  router.transition_status = 'updating';
  const job = world.startJob('LeaveRouter', [router.router_id, ...vxnetIds], failJob, {
    onSuccess: () => {
      for (const vxnet of vxnets) {
        delete vxnet.join;
        delete vxnet.busy;
      }
      router.transition_status = '';
    },
    onFailure: () => {
      for (const vxnet of vxnets) delete vxnet.busy;
      router.transition_status = '';
    },
  });
  return { router_id: router.router_id, vxnets: vxnetIds, job_id: job.job_id };
};

export const describeRouterVxnets: Handler = ({ world, params }) => {
  const routerId = params.required('router');
  if (routerId !== '*') world.router(routerId);
  const vxnetId = params.str('vxnet');
  const rows = [...world.vxnets.values()]
    .filter((v) => v.join !== undefined && (routerId === '*' || v.join.router_id === routerId))
    .filter((v) => vxnetId === undefined || v.vxnet_id === vxnetId)
    .sort((a, b) => (a.join?.joinedAtMs ?? 0) - (b.join?.joinedAtMs ?? 0) || a.seq - b.seq)
    .map((v) => {
      const join = v.join as SimJoin;
      return {
        router_id: join.router_id,
        vxnet_id: v.vxnet_id,
        vxnet_name: v.vxnet_name,
        manager_ip: join.manager_ip,
        ip_network: join.ip_network,
        dyn_ip_start: join.dyn_ip_start,
        dyn_ip_end: join.dyn_ip_end,
        features: join.features,
        create_time: world.iso(join.joinedAtMs),
      };
    });
  const page = paginate(rows, params);
  return { router_vxnet_set: page.items, total_count: page.total_count };
};
