// WorkspaceNetwork (wsn): one per KubeSphere workspace, same name; the workspace's VPC
// (docs/api-reference.md). Provider names are not spelled here: the CRD lists those of the build's
// provider registry (workspaceNetworkCrd takes them).
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { API_GROUP, API_GROUP_VERSION, API_VERSION, KIND_WORKSPACE_NETWORK, PLURAL_WORKSPACE_NETWORKS } from './constants.js';
import { AGE_COLUMN, READY_COLUMNS, TENANTNET_CATEGORY, customResourceDefinition, rootSchema, type CustomResourceDefinition } from './crd.js';
import { bandwidthSchema } from './bandwidth.js';
import { IPV4_CIDR_PATTERN, ipv4CidrSchema } from './cidr.js';
import { conditionsSchema } from './conditions.js';
import { workspaceNameSchema, providerIdSchema } from './names.js';
import { phaseSchema } from './phase.js';
import { immutableField, immutableOnceSet } from './schema/cel-rules.js';
import { cidrPrefixAtMost } from './schema/portable-cel.js';
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
import type { OpenApiSchema } from './schema/openapi.js';

export const INTRA_WORKSPACE_POLICIES = ['Allow', 'Deny'] as const;
export const MIN_SUBNET_PREFIX_LENGTH = 16;
export const MAX_SUBNET_PREFIX_LENGTH = 29;
export const DEFAULT_SUBNET_PREFIX_LENGTH = 24;
export type IntraWorkspacePolicy = (typeof INTRA_WORKSPACE_POLICIES)[number];
/** Projects of one workspace reach each other unless the workspace says otherwise. */
export const DEFAULT_INTRA_WORKSPACE: IntraWorkspacePolicy = 'Allow';

const providerSchema = string({
  description: 'SDN provider that builds this VPC; absent = the controller\'s default provider. Immutable once set.',
});

export const workspaceNetworkSpecSchema = object(
  {
    workspace: required(
      withRules(workspaceNameSchema('Name of the KubeSphere workspace; equals metadata.name. Immutable.'), [
        immutableField('workspace is immutable'),
      ]),
    ),
    provider: optional(providerSchema),
    cidr: optional(
      ipv4CidrSchema(
        'Requested VPC range (e.g. 10.130.0.0/16); absent = allocated from the cluster pool. Immutable once set; ' +
          'a range that is taken or outside the pool makes the object Ready=False.',
      ),
    ),
    subnetPrefixLength: defaulted(
      integer({
        description: 'Prefix length of each project subnet cut from the VPC range (24 = /24, 256 addresses).',
        format: 'int32',
        minimum: MIN_SUBNET_PREFIX_LENGTH,
        maximum: MAX_SUBNET_PREFIX_LENGTH,
      }),
      DEFAULT_SUBNET_PREFIX_LENGTH,
    ),
    intraWorkspace: defaulted(
      stringEnum(INTRA_WORKSPACE_POLICIES, {
        description: 'Whether projects of this workspace may reach each other without a ProjectConnection.',
      }),
      DEFAULT_INTRA_WORKSPACE,
    ),
    bandwidth: optional(bandwidthSchema('Default per-pod bandwidth limits for every project of the workspace.')),
  },
  {
    description: 'Desired network of the workspace; created by the controller, editable by admins.',
    rules: [
      immutableOnceSet('cidr', 'spec.cidr is immutable once set'),
      immutableOnceSet('provider', 'spec.provider is immutable once set'),
      {
        // Skipped for a malformed cidr, which its own rule reports.
        rule: `!has(self.cidr) || ${cidrPrefixAtMost('self.cidr', IPV4_CIDR_PATTERN, 'self.subnetPrefixLength')}`,
        message: 'spec.subnetPrefixLength must not be shorter than the prefix of spec.cidr',
        fieldPath: '.subnetPrefixLength',
      },
    ],
  },
);

export const workspaceNetworkStatusSchema = object(
  {
    phase: optional(phaseSchema),
    provider: optional(string({ description: 'Provider that built the VPC.' })),
    cidr: optional(ipv4CidrSchema('Allocated VPC range. Never changes once set.')),
    vpcId: optional(providerIdSchema('Provider id of the VPC (QingCloud router id; the reserved range for Calico).')),
    projects: optional(
      integer({ description: 'Number of ProjectNetworks in this workspace.', format: 'int32', minimum: 0 }),
    ),
    observedGeneration: optional(
      integer({ description: 'The .metadata.generation this status describes.', format: 'int64', minimum: 0 }),
    ),
    conditions: optional(conditionsSchema),
  },
  { description: 'Observed state, written by the controller only.' },
);

export type WorkspaceNetworkSpec = Infer<typeof workspaceNetworkSpecSchema>;
export type WorkspaceNetworkStatus = Infer<typeof workspaceNetworkStatusSchema>;

/** The spec with every default filled in, including the provider. */
export type DefaultedWorkspaceNetworkSpec = Omit<InferDefaulted<typeof workspaceNetworkSpecSchema>, 'provider'> & {
  readonly provider: string;
};

export interface WorkspaceNetwork {
  readonly apiVersion: typeof API_GROUP_VERSION;
  readonly kind: typeof KIND_WORKSPACE_NETWORK;
  readonly metadata: Readonly<V1ObjectMeta>;
  readonly spec: WorkspaceNetworkSpec;
  readonly status?: WorkspaceNetworkStatus;
}

/** Schema defaults as the apiserver applies them; the provider stays as written (it has no schema default). */
export function workspaceNetworkSchemaDefaults(spec: WorkspaceNetworkSpec): InferDefaulted<typeof workspaceNetworkSpecSchema> {
  return withSchemaDefaults(workspaceNetworkSpecSchema, spec);
}

/** Schema defaults plus the controller's default provider. */
export function workspaceNetworkSpecWithDefaults(
  spec: WorkspaceNetworkSpec,
  defaultProvider: string,
): DefaultedWorkspaceNetworkSpec {
  const defaulted = workspaceNetworkSchemaDefaults(spec);
  return { ...defaulted, provider: defaulted.provider ?? defaultProvider };
}

/** The `provider` property of an object schema, limited to the given names. */
function withProviderEnum(schema: OpenApiSchema, providerNames: readonly string[]): OpenApiSchema {
  const provider = schema.properties?.provider;
  if (provider === undefined) return schema;
  return { ...schema, properties: { ...schema.properties, provider: { ...provider, enum: [...providerNames] } } };
}

/** The CRD, whose `spec.provider` and `status.provider` accept exactly `providerNames`. */
export function workspaceNetworkCrd(providerNames: readonly string[]): CustomResourceDefinition {
  return customResourceDefinition({
    group: API_GROUP,
    scope: 'Cluster',
    names: {
      kind: KIND_WORKSPACE_NETWORK,
      listKind: `${KIND_WORKSPACE_NETWORK}List`,
      plural: PLURAL_WORKSPACE_NETWORKS,
      singular: KIND_WORKSPACE_NETWORK.toLowerCase(),
      shortNames: ['wsn'],
      categories: [TENANTNET_CATEGORY],
    },
    versions: [
      {
        name: API_VERSION,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: rootSchema({
            description: 'The network (VPC) of one KubeSphere workspace; named like the workspace.',
            spec: withProviderEnum(workspaceNetworkSpecSchema.openApi, providerNames),
            status: withProviderEnum(workspaceNetworkStatusSchema.openApi, providerNames),
            specRequired: true,
            rules: [
              { rule: 'self.metadata.name == self.spec.workspace', message: 'spec.workspace must equal metadata.name', fieldPath: '.spec.workspace' },
              immutableOnceSet('status.cidr', 'status.cidr is immutable once set'),
            ],
          }),
        },
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Provider', type: 'string', jsonPath: '.status.provider' },
          { name: 'CIDR', type: 'string', jsonPath: '.status.cidr' },
          { name: 'VPC', type: 'string', jsonPath: '.status.vpcId' },
          { name: 'Projects', type: 'integer', jsonPath: '.status.projects' },
          { name: 'Intra', type: 'string', jsonPath: '.spec.intraWorkspace', priority: 1, description: 'Traffic between projects of the workspace' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          ...READY_COLUMNS,
          AGE_COLUMN,
        ],
      },
    ],
  });
}
