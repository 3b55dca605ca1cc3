// Calico's IPAMBlock (crd.projectcalico.org/v1), written by us for tests on clusters without Calico,
// and the type the controller reads to count a project's used addresses. Cluster-scoped; Calico
// IPAM writes one per block it cut from a pool: `allocations[i]` is non-null when the i-th address
// of the block is in use (the value indexes `attributes`). Fields, required ones and the nullable
// list items as upstream declares them. The schema is spelled out in OpenAPI form because it needs
// what the typed builder does not offer (nullable items, string maps).
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { customResourceDefinition, rootSchema, type CustomResourceDefinition } from '../crd.js';
import type { OpenApiSchema } from '../schema/openapi.js';
import { CALICO_CRD_GROUP, CALICO_CRD_VERSION } from './calico-ippool.js';

export const IPAMBLOCK_KIND = 'IPAMBlock';
export const IPAMBLOCK_PLURAL = 'ipamblocks';

export interface IPAMBlockSpec {
  readonly cidr: string;
  /** `host:<node>` when the block is affine to a node. */
  readonly affinity?: string;
  readonly allocations: readonly (number | null)[];
  readonly attributes: readonly { readonly handle_id?: string; readonly secondary?: Readonly<Record<string, string>> }[];
  readonly unallocated: readonly number[];
  readonly sequenceNumber: number;
  readonly sequenceNumberForAllocation?: Readonly<Record<string, number>>;
  readonly strictAffinity: boolean;
  readonly deleted?: boolean;
}

export interface IPAMBlock {
  readonly apiVersion: `${typeof CALICO_CRD_GROUP}/${typeof CALICO_CRD_VERSION}`;
  readonly kind: typeof IPAMBLOCK_KIND;
  readonly metadata: Readonly<V1ObjectMeta>;
  readonly spec: IPAMBlockSpec;
}

const integer64: OpenApiSchema = { type: 'integer', format: 'int64' };

const ipamBlockSpecSchema: OpenApiSchema = {
  type: 'object',
  description: 'IPAMBlockSpec contains the specification for an IPAMBlock resource.',
  properties: {
    affinity: { type: 'string', description: 'Affinity of the block, if it has one: "host:<hostname>".' },
    allocations: {
      type: 'array',
      description: 'Allocations in use within this block; nil entries are free, others index Attributes.',
      items: { type: 'integer', nullable: true },
    },
    attributes: {
      type: 'array',
      description: 'Metadata of the allocations, indexed by the values of Allocations.',
      items: {
        type: 'object',
        properties: {
          handle_id: { type: 'string' },
          secondary: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    cidr: { type: 'string', description: "The block's CIDR." },
    deleted: { type: 'boolean', description: 'Internal to Calico: marks a block being deleted.' },
    sequenceNumber: { ...integer64, description: 'Updated each time the block is written.' },
    sequenceNumberForAllocation: {
      type: 'object',
      description: 'Ordinal of each allocation → the block sequence number when it was made.',
      additionalProperties: integer64,
    },
    strictAffinity: { type: 'boolean', description: 'Deprecated and unused.' },
    unallocated: { type: 'array', description: 'Ordered list of the free allocations.', items: { type: 'integer' } },
  },
  required: ['allocations', 'attributes', 'cidr', 'sequenceNumber', 'strictAffinity', 'unallocated'],
};

export const ipamBlockCrd: CustomResourceDefinition = customResourceDefinition({
  group: CALICO_CRD_GROUP,
  scope: 'Cluster',
  names: { kind: IPAMBLOCK_KIND, listKind: `${IPAMBLOCK_KIND}List`, plural: IPAMBLOCK_PLURAL, singular: IPAMBLOCK_KIND.toLowerCase() },
  versions: [
    {
      name: CALICO_CRD_VERSION,
      served: true,
      storage: true,
      schema: { openAPIV3Schema: rootSchema({ description: 'A block of addresses Calico IPAM cut from a pool.', spec: ipamBlockSpecSchema, specRequired: false }) },
    },
  ],
});
