// Calico's IPPool (crd.projectcalico.org/v1), written by us for clusters in tests that have no
// Calico. Cluster-scoped. Two flavours: Calico 3.28's fields (including the APIv1 leftovers `ipip`
// and `nat-outgoing`), and Calico >= 3.30's, which add namespaceSelector and assignmentMode with its
// default; both with the enums/bounds newer releases declare — Calico rejects other values at run
// time anyway, so the tests should too. No status: the controller never reads it.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { customResourceDefinition, rootSchema, type CustomResourceDefinition } from '../crd.js';
import {
  array,
  boolean,
  defaulted,
  integer,
  object,
  optional,
  required,
  string,
  stringEnum,
  type Infer,
} from '../schema/builder.js';

export const CALICO_CRD_GROUP = 'crd.projectcalico.org';
export const CALICO_CRD_VERSION = 'v1';
export const IPPOOL_KIND = 'IPPool';
export const IPPOOL_PLURAL = 'ippools';

/** Namespace (and pod) annotation that tells Calico IPAM which pools to take addresses from. */
export const ANNOTATION_CALICO_IPV4_POOLS = 'cni.projectcalico.org/ipv4pools';

export const ENCAPSULATION_MODES = ['Never', 'Always', 'CrossSubnet'] as const;
export const IPPOOL_ALLOWED_USES = ['Workload', 'Tunnel', 'LoadBalancer'] as const;
export const IPPOOL_ASSIGNMENT_MODES = ['Automatic', 'Manual'] as const;

/** The fields every Calico release since 3.x has (what a Calico 3.28 CRD holds). */
const baseSpecFields = {
    cidr: required(string({ description: 'The pool CIDR.' })),
    vxlanMode: optional(
      stringEnum(ENCAPSULATION_MODES, { description: 'When VXLAN encapsulation is used for this pool; absent = Never.' }),
    ),
    ipipMode: optional(stringEnum(ENCAPSULATION_MODES, { description: 'When IPIP encapsulation is used for this pool; absent = Never.' })),
    natOutgoing: optional(boolean({ description: 'Masquerade traffic from this pool to destinations outside all pools.' })),
    disabled: optional(boolean({ description: 'When true, Calico IPAM assigns no addresses from this pool.' })),
    disableBGPExport: optional(boolean({ description: "Do not export routes of this pool's CIDR over BGP." })),
    blockSize: optional(
      integer({ description: 'Size of the per-node blocks cut from this pool (IPv4 default 26).', minimum: 0, maximum: 128 }),
    ),
    nodeSelector: optional(string({ description: 'Nodes that may allocate from this pool (Calico selector, e.g. "!all()").' })),
    allowedUses: optional(
      array(stringEnum(IPPOOL_ALLOWED_USES), {
        description: 'What the pool is used for; absent or empty = Workload and Tunnel.',
        listType: 'set',
      }),
    ),
    ipip: optional(
      object(
        {
          enabled: optional(boolean({ description: 'Whether IPIP is used.' })),
          mode: optional(string({ description: 'IPIP mode: always or cross-subnet.' })),
        },
        { description: 'Deprecated APIv1 field, internal to Calico.' },
      ),
    ),
    'nat-outgoing': optional(boolean({ description: 'Deprecated APIv1 field, internal to Calico.' })),
};

const SPEC_DESCRIPTION = { description: 'IPPoolSpec contains the specification for an IPPool resource.' };

/** Calico >= 3.30: namespaceSelector and assignmentMode on top. */
export const ipPoolSpecSchema = object(
  {
    ...baseSpecFields,
    namespaceSelector: optional(
      string({ description: 'Namespaces that may allocate from this pool (Calico selector); newer Calico only.' }),
    ),
    assignmentMode: defaulted(
      stringEnum(IPPOOL_ASSIGNMENT_MODES, {
        description: 'Automatic: any matching pod may get addresses from it; Manual: only pods/namespaces that name it.',
      }),
      'Automatic',
    ),
  },
  SPEC_DESCRIPTION,
);

/** Calico 3.28: no assignmentMode (the apiserver prunes it silently), no namespaceSelector. */
export const ipPoolSpecSchemaV328 = object(baseSpecFields, SPEC_DESCRIPTION);

export type IPPoolSpec = Infer<typeof ipPoolSpecSchema>;

export interface IPPool {
  readonly apiVersion: `${typeof CALICO_CRD_GROUP}/${typeof CALICO_CRD_VERSION}`;
  readonly kind: typeof IPPOOL_KIND;
  readonly metadata: Readonly<V1ObjectMeta>;
  readonly spec: IPPoolSpec;
}

function ipPoolCrdWith(spec: typeof ipPoolSpecSchema.openApi): CustomResourceDefinition {
  return customResourceDefinition({
    group: CALICO_CRD_GROUP,
    scope: 'Cluster',
    names: { kind: IPPOOL_KIND, listKind: `${IPPOOL_KIND}List`, plural: IPPOOL_PLURAL, singular: IPPOOL_KIND.toLowerCase() },
    versions: [
      {
        name: CALICO_CRD_VERSION,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: rootSchema({ description: 'A Calico IP pool.', spec, specRequired: false }),
        },
      },
    ],
  });
}

/** The IPPool CRD of Calico >= 3.30, the one the tests install by default. */
export const ipPoolCrd: CustomResourceDefinition = ipPoolCrdWith(ipPoolSpecSchema.openApi);
/** The IPPool CRD of Calico 3.28, for the tests of what the controller does without assignmentMode. */
export const ipPoolCrdV328: CustomResourceDefinition = ipPoolCrdWith(ipPoolSpecSchemaV328.openApi);
