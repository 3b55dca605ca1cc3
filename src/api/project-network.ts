// ProjectNetwork (pjn): one per project namespace, same name; the project's subnet
// (docs/api-reference.md).
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { API_GROUP, API_GROUP_VERSION, API_VERSION, KIND_PROJECT_NETWORK, PLURAL_PROJECT_NETWORKS } from './constants.js';
import { AGE_COLUMN, READY_COLUMNS, TENANTNET_CATEGORY, customResourceDefinition, rootSchema, type CustomResourceDefinition } from './crd.js';
import { bandwidthSchema } from './bandwidth.js';
import { ipv4AddressSchema, ipv4CidrSchema } from './cidr.js';
import { conditionsSchema } from './conditions.js';
import { providerIdSchema, workspaceNameSchema } from './names.js';
import { phaseSchema } from './phase.js';
import { immutableField, immutableOnceSet } from './schema/cel-rules.js';
import {
  defaulted,
  integer,
  object,
  optional,
  required,
  string,
  stringEnum,
  withRules,
  type Infer,
  type InferDefaulted,
} from './schema/builder.js';
import { withSchemaDefaults } from './schema/defaults.js';

export const ISOLATION_MODES = ['Inherit', 'Isolated'] as const;

export const projectNetworkSpecSchema = object(
  {
    workspace: required(
      withRules(workspaceNameSchema('Workspace the project belongs to. Immutable: a project that moves gets a new ProjectNetwork.'), [
        immutableField('workspace is immutable'),
      ]),
    ),
    cidr: optional(
      ipv4CidrSchema(
        'Requested subnet inside the workspace VPC; absent = allocated. Immutable once set; a range that is ' +
          'taken or outside the VPC makes the object Ready=False.',
      ),
    ),
    isolation: defaulted(
      stringEnum(ISOLATION_MODES, {
        description:
          'Inherit: follow the workspace (intraWorkspace) and the namespace annotation kubesphere.io/network-isolate; ' +
          'Isolated: only ProjectConnections reach this project from other projects.',
      }),
      'Inherit',
    ),
    bandwidth: optional(bandwidthSchema('Per-pod bandwidth limits for this project; each direction overrides the workspace limit.')),
  },
  {
    description: 'Desired network of the project; created by the controller, editable by admins.',
    rules: [immutableOnceSet('cidr', 'spec.cidr is immutable once set')],
  },
);

export const trafficSchema = object(
  {
    ingressBytesPerSecond: required(integer({ description: 'Traffic into the subnet, bytes per second.', format: 'int64', minimum: 0 })),
    egressBytesPerSecond: required(integer({ description: 'Traffic out of the subnet, bytes per second.', format: 'int64', minimum: 0 })),
    sampledAt: required(string({ description: 'Time of the newest sample used.', format: 'date-time' })),
  },
  { description: 'Latest traffic sample of the subnet (rate-limited: at most one update per sampling period).' },
);

export const projectNetworkStatusSchema = object(
  {
    phase: optional(phaseSchema),
    cidr: optional(ipv4CidrSchema('Allocated subnet. Never changes once set.')),
    gateway: optional(ipv4AddressSchema('Gateway address of the subnet.')),
    subnetId: optional(providerIdSchema('Provider id of the subnet (QingCloud vxnet id; Calico IPPool name).')),
    vpcId: optional(providerIdSchema('Provider id of the VPC the subnet belongs to.')),
    traffic: optional(trafficSchema),
    usedAddresses: optional(
      integer({
        description: 'Addresses of the subnet in use by pods, where the provider can tell (Calico: its IPAM blocks); updated at most once per sampling period, and only when it changed.',
        format: 'int32',
        minimum: 0,
      }),
    ),
    foreignPolicies: optional(
      integer({
        description: 'Number of NetworkPolicies in the namespace that the controller does not manage.',
        format: 'int32',
        minimum: 0,
      }),
    ),
    observedGeneration: optional(
      integer({ description: 'The .metadata.generation this status describes.', format: 'int64', minimum: 0 }),
    ),
    conditions: optional(conditionsSchema),
  },
  { description: 'Observed state, written by the controller only.' },
);

export type ProjectNetworkSpec = Infer<typeof projectNetworkSpecSchema>;
export type ProjectNetworkStatus = Infer<typeof projectNetworkStatusSchema>;
export type ProjectTraffic = Infer<typeof trafficSchema>;
export type DefaultedProjectNetworkSpec = InferDefaulted<typeof projectNetworkSpecSchema>;

export interface ProjectNetwork {
  readonly apiVersion: typeof API_GROUP_VERSION;
  readonly kind: typeof KIND_PROJECT_NETWORK;
  readonly metadata: Readonly<V1ObjectMeta>;
  readonly spec: ProjectNetworkSpec;
  readonly status?: ProjectNetworkStatus;
}

export function projectNetworkSpecWithDefaults(spec: ProjectNetworkSpec): DefaultedProjectNetworkSpec {
  return withSchemaDefaults(projectNetworkSpecSchema, spec);
}

export const projectNetworkCrd: CustomResourceDefinition = customResourceDefinition({
  group: API_GROUP,
  scope: 'Cluster',
  names: {
    kind: KIND_PROJECT_NETWORK,
    listKind: `${KIND_PROJECT_NETWORK}List`,
    plural: PLURAL_PROJECT_NETWORKS,
    singular: KIND_PROJECT_NETWORK.toLowerCase(),
    shortNames: ['pjn'],
    categories: [TENANTNET_CATEGORY],
  },
  versions: [
    {
      name: API_VERSION,
      served: true,
      storage: true,
      schema: {
        openAPIV3Schema: rootSchema({
          description: 'The network (subnet) of one project; named like the project namespace.',
          spec: projectNetworkSpecSchema.openApi,
          status: projectNetworkStatusSchema.openApi,
          specRequired: true,
          rules: [immutableOnceSet('status.cidr', 'status.cidr is immutable once set')],
        }),
      },
      subresources: { status: {} },
      additionalPrinterColumns: [
        { name: 'Workspace', type: 'string', jsonPath: '.spec.workspace' },
        { name: 'CIDR', type: 'string', jsonPath: '.status.cidr' },
        { name: 'Subnet', type: 'string', jsonPath: '.status.subnetId' },
        { name: 'Used', type: 'integer', jsonPath: '.status.usedAddresses' },
        { name: 'VPC', type: 'string', jsonPath: '.status.vpcId', priority: 1 },
        { name: 'Gateway', type: 'string', jsonPath: '.status.gateway', priority: 1 },
        { name: 'Isolation', type: 'string', jsonPath: '.spec.isolation', priority: 1 },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        ...READY_COLUMNS,
        AGE_COLUMN,
      ],
      selectableFields: [{ jsonPath: '.spec.workspace' }],
    },
  ],
});
