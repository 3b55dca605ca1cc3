// QingCloud hostnic's VxNetPool (network.qingcloud.com/v1alpha1), written by us for tests and as the
// type the controller reads and writes. Cluster-scoped, conventionally one named `v-pool`:
// `spec.vxnets` lists the vxnets hostnic may give pods addresses from; hostnic's controller cuts
// each into blocks of `spec.blockSize` and reports them in `status.pools` (one entry per vxnet, with
// its block names). `spec.vxnets` is a plain list without list-map keys, so writers share it by
// read-modify-write with the resourceVersion. Fields and required ones as upstream declares them.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { customResourceDefinition, rootSchema, type CustomResourceDefinition } from '../crd.js';
import type { OpenApiSchema } from '../schema/openapi.js';

export const HOSTNIC_GROUP = 'network.qingcloud.com';
export const HOSTNIC_VERSION = 'v1alpha1';
export const VXNETPOOL_KIND = 'VxNetPool';
export const VXNETPOOL_PLURAL = 'vxnetpools';

export interface VxNetPoolSpec {
  readonly blockSize: number;
  readonly vxnets: readonly { readonly name: string }[];
}

export interface VxNetPoolStatusPool {
  /** The vxnet id. */
  readonly name: string;
  /** The hostnic pool made for it. */
  readonly ippool: string;
  /** Its block names, e.g. `4100-172-16-3-0-26`. */
  readonly subnets?: readonly string[];
}

export interface VxNetPoolStatus {
  readonly message?: string;
  readonly pools?: readonly VxNetPoolStatusPool[];
  readonly process?: string;
  readonly ready?: boolean;
}

export interface VxNetPool {
  readonly apiVersion: `${typeof HOSTNIC_GROUP}/${typeof HOSTNIC_VERSION}`;
  readonly kind: typeof VXNETPOOL_KIND;
  readonly metadata: Readonly<V1ObjectMeta>;
  readonly spec: VxNetPoolSpec;
  readonly status?: VxNetPoolStatus;
}

const specSchema: OpenApiSchema = {
  type: 'object',
  description: 'VxNetPoolSpec is the spec for a VxNetPool resource',
  properties: {
    blockSize: { type: 'integer', description: 'The block size to use for IP address assignments from this pool. Defaults to 26 for IPv4 and 112 for IPv6.' },
    vxnets: {
      type: 'array',
      description: 'vxnets in VxNetPool',
      items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    },
  },
  required: ['blockSize', 'vxnets'],
};

const statusSchema: OpenApiSchema = {
  type: 'object',
  description: 'VxNetPoolStatus is the status for a VxNetPool resource',
  properties: {
    message: { type: 'string' },
    pools: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ippool: { type: 'string' }, name: { type: 'string' }, subnets: { type: 'array', items: { type: 'string' } } },
        required: ['ippool', 'name'],
      },
    },
    process: { type: 'string' },
    ready: { type: 'boolean' },
  },
};

export const vxNetPoolCrd: CustomResourceDefinition = customResourceDefinition({
  group: HOSTNIC_GROUP,
  scope: 'Cluster',
  names: { kind: VXNETPOOL_KIND, listKind: `${VXNETPOOL_KIND}List`, plural: VXNETPOOL_PLURAL, singular: VXNETPOOL_KIND.toLowerCase() },
  versions: [
    {
      name: HOSTNIC_VERSION,
      served: true,
      storage: true,
      schema: { openAPIV3Schema: rootSchema({ description: 'VxNetPool is a specification for a VxNetPool resource', spec: specSchema, status: statusSchema, specRequired: true }) },
      subresources: { status: {} },
    },
  ],
});
