// A plain, detached copy of the simulated account for assertions and debugging.

import type { TagPair } from './model.js';
import type { World } from './world.js';

export interface SimSnapshot {
  readonly routers: readonly {
    readonly id: string;
    readonly name: string;
    readonly status: string;
    readonly transitionStatus: string;
    readonly vpcNetwork: string;
    readonly tagIds: readonly string[];
  }[];
  readonly vxnets: readonly {
    readonly id: string;
    readonly name: string;
    readonly type: number;
    readonly routerId?: string;
    readonly ipNetwork?: string;
    readonly busy?: string;
    readonly tagIds: readonly string[];
  }[];
  readonly tags: readonly { readonly id: string; readonly name: string }[];
  readonly tagPairs: readonly TagPair[];
  readonly jobs: readonly { readonly id: string; readonly action: string; readonly status: string }[];
}

export function snapshotWorld(world: World): SimSnapshot {
  const tagIdsOf = (resourceId: string): string[] => world.tagsOf(resourceId).map((t) => t.tag_id);
  return {
    routers: [...world.routers.values()].map((r) => ({
      id: r.router_id,
      name: r.router_name,
      status: r.status,
      transitionStatus: r.transition_status,
      vpcNetwork: r.vpc_network,
      tagIds: tagIdsOf(r.router_id),
    })),
    vxnets: [...world.vxnets.values()].map((v) => ({
      id: v.vxnet_id,
      name: v.vxnet_name,
      type: v.vxnet_type,
      ...(v.join === undefined ? {} : { routerId: v.join.router_id, ipNetwork: v.join.ip_network }),
      ...(v.busy === undefined ? {} : { busy: v.busy }),
      tagIds: tagIdsOf(v.vxnet_id),
    })),
    tags: [...world.tags.values()].map((t) => ({ id: t.tag_id, name: t.tag_name })),
    tagPairs: [...world.tagPairs.values()].map((p) => ({ ...p })),
    jobs: [...world.jobs.values()].map((j) => ({ id: j.job_id, action: j.job_action, status: world.jobStatus(j) })),
  };
}
