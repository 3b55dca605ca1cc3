// CustomResourceDefinition manifests (apiextensions.k8s.io/v1) in wire form, and the parts every
// CRD of ours shares: the root schema around spec/status and the names.
import type { OpenApiSchema } from './schema/openapi.js';

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly jsonPath: string;
  readonly description?: string;
  /** 0 = shown by `kubectl get`; higher only with `-o wide`. */
  readonly priority?: number;
}

export interface CrdNames {
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
}

export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated?: boolean;
  readonly schema: { readonly openAPIV3Schema: OpenApiSchema };
  readonly subresources?: { readonly status?: Readonly<Record<string, never>> };
  readonly additionalPrinterColumns?: readonly PrinterColumn[];
  readonly selectableFields?: readonly { readonly jsonPath: string }[];
}

export interface CustomResourceDefinition {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: {
    readonly group: string;
    readonly names: CrdNames;
    readonly scope: 'Cluster' | 'Namespaced';
    readonly versions: readonly CrdVersion[];
  };
}

export interface CrdDefinition {
  readonly group: string;
  readonly names: CrdNames;
  readonly scope: 'Cluster' | 'Namespaced';
  readonly versions: readonly CrdVersion[];
}

export function customResourceDefinition(definition: CrdDefinition): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${definition.names.plural}.${definition.group}` },
    spec: {
      group: definition.group,
      names: definition.names,
      scope: definition.scope,
      versions: definition.versions,
    },
  };
}

export interface RootSchemaOptions {
  readonly description: string;
  readonly spec?: OpenApiSchema;
  readonly status?: OpenApiSchema;
  /** Our kinds cannot exist without a spec; upstream KubeSphere's Workspace can. */
  readonly specRequired: boolean;
  readonly rules?: OpenApiSchema['x-kubernetes-validations'];
}

/** The schema of a whole object: apiVersion, kind, metadata (checked by the apiserver), spec, status. */
export function rootSchema(options: RootSchemaOptions): OpenApiSchema {
  return {
    type: 'object',
    description: options.description,
    properties: {
      apiVersion: { type: 'string', description: 'Versioned schema of this representation of the object.' },
      kind: { type: 'string', description: 'REST resource this object represents.' },
      metadata: { type: 'object' },
      ...(options.spec === undefined ? {} : { spec: options.spec }),
      ...(options.status === undefined ? {} : { status: options.status }),
    },
    ...(options.specRequired ? { required: ['spec'] } : {}),
    ...(options.rules === undefined || options.rules.length === 0 ? {} : { 'x-kubernetes-validations': options.rules }),
  };
}

/** `kubectl get tenantnet` lists all our kinds. */
export const TENANTNET_CATEGORY = 'tenantnet';

export const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** The Ready condition's status and reason: `kubectl get` says why an object is not Ready. */
export const READY_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason' },
];
