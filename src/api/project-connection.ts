// ProjectConnection (pjc): an allowed link from one project to another (docs/api-reference.md,
// docs/connectivity.md).
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { API_GROUP, API_GROUP_VERSION, API_VERSION, KIND_PROJECT_CONNECTION, PLURAL_PROJECT_CONNECTIONS } from './constants.js';
import { AGE_COLUMN, READY_COLUMNS, TENANTNET_CATEGORY, customResourceDefinition, rootSchema, type CustomResourceDefinition } from './crd.js';
import { conditionsSchema } from './conditions.js';
import { projectNameSchema } from './names.js';
import { phaseSchema } from './phase.js';
import {
  array,
  boolean,
  defaulted,
  integer,
  object,
  optional,
  required,
  stringEnum,
  type Infer,
  type InferDefaulted,
} from './schema/builder.js';
import { withSchemaDefaults } from './schema/defaults.js';

export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];
export const MAX_CONNECTION_PORTS = 64;

const portNumber = (description: string) => integer({ description, format: 'int32', minimum: 1, maximum: 65535 });

/** The shape of a NetworkPolicy port, restricted to numbers (named ports would differ per pod). */
export const connectionPortSchema = object(
  {
    protocol: defaulted(stringEnum(PORT_PROTOCOLS, { description: 'Protocol: TCP (default), UDP or SCTP.' }), 'TCP'),
    port: required(portNumber('Destination port, or the first port of the range when endPort is set.')),
    endPort: optional(portNumber('Last port of the range (inclusive); must not be below port.')),
  },
  {
    description: 'A destination port or port range in the target project.',
    rules: [{ rule: '!has(self.endPort) || self.endPort >= self.port', message: 'endPort must not be below port', fieldPath: '.endPort' }],
  },
);

const projectRef = (description: string) =>
  object({ project: required(projectNameSchema('Name of the project (namespace).')) }, { description });

export const projectConnectionSpecSchema = object(
  {
    from: required(projectRef('Project whose pods may open connections.')),
    to: required(projectRef('Project whose pods accept them.')),
    bidirectional: defaulted(boolean({ description: 'Also allow connections from "to" to "from" (default true).' }), true),
    ports: optional(
      array(connectionPortSchema, {
        description: 'Ports allowed on the receiving side (both sides when bidirectional); absent or empty = all ports.',
        maxItems: MAX_CONNECTION_PORTS,
      }),
    ),
  },
  {
    description: 'The allowed link; a project that does not exist makes it Ready=False.',
    rules: [{ rule: 'self.from.project != self.to.project', message: 'spec.from and spec.to must name different projects', fieldPath: '.to.project' }],
  },
);

export const projectConnectionStatusSchema = object(
  {
    phase: optional(phaseSchema),
    observedGeneration: optional(
      integer({ description: 'The .metadata.generation this status describes.', format: 'int64', minimum: 0 }),
    ),
    conditions: optional(conditionsSchema),
  },
  { description: 'Observed state, written by the controller only.' },
);

export type ProjectConnectionSpec = Infer<typeof projectConnectionSpecSchema>;
export type ProjectConnectionStatus = Infer<typeof projectConnectionStatusSchema>;
export type ConnectionPort = Infer<typeof connectionPortSchema>;
export type DefaultedProjectConnectionSpec = InferDefaulted<typeof projectConnectionSpecSchema>;
export type DefaultedConnectionPort = InferDefaulted<typeof connectionPortSchema>;

export interface ProjectConnection {
  readonly apiVersion: typeof API_GROUP_VERSION;
  readonly kind: typeof KIND_PROJECT_CONNECTION;
  readonly metadata: Readonly<V1ObjectMeta>;
  readonly spec: ProjectConnectionSpec;
  readonly status?: ProjectConnectionStatus;
}

export function projectConnectionSpecWithDefaults(spec: ProjectConnectionSpec): DefaultedProjectConnectionSpec {
  return withSchemaDefaults(projectConnectionSpecSchema, spec);
}

export const projectConnectionCrd: CustomResourceDefinition = customResourceDefinition({
  group: API_GROUP,
  scope: 'Cluster',
  names: {
    kind: KIND_PROJECT_CONNECTION,
    listKind: `${KIND_PROJECT_CONNECTION}List`,
    plural: PLURAL_PROJECT_CONNECTIONS,
    singular: KIND_PROJECT_CONNECTION.toLowerCase(),
    shortNames: ['pjc'],
    categories: [TENANTNET_CATEGORY],
  },
  versions: [
    {
      name: API_VERSION,
      served: true,
      storage: true,
      schema: {
        openAPIV3Schema: rootSchema({
          description: 'Allows traffic from one project to another (and back, when bidirectional).',
          spec: projectConnectionSpecSchema.openApi,
          status: projectConnectionStatusSchema.openApi,
          specRequired: true,
        }),
      },
      subresources: { status: {} },
      additionalPrinterColumns: [
        { name: 'From', type: 'string', jsonPath: '.spec.from.project' },
        { name: 'To', type: 'string', jsonPath: '.spec.to.project' },
        { name: 'Bidirectional', type: 'boolean', jsonPath: '.spec.bidirectional' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        ...READY_COLUMNS,
        AGE_COLUMN,
      ],
      selectableFields: [{ jsonPath: '.spec.from.project' }, { jsonPath: '.spec.to.project' }],
    },
  ],
});
