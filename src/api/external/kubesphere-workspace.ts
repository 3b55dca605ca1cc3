// KubeSphere's Workspace (tenant.kubesphere.io), written to match upstream's CRD field for field:
// cluster-scoped, v1alpha1 (deprecated, served) and v1beta1 (served, storage), no status
// subresource, `status` declared as an empty object. The chart can install it on clusters without
// KubeSphere; on KubeSphere clusters upstream's own definition is used.
// Note what upstream's schema implies: with conversion strategy None, v1alpha1's networkIsolation
// is pruned when stored as v1beta1, and anything inside `status` is pruned too.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { KUBESPHERE_TENANT_GROUP } from '../constants.js';
import { customResourceDefinition, rootSchema, type CustomResourceDefinition } from '../crd.js';
import { boolean, emptyObject, object, optional, string, type Infer } from '../schema/builder.js';

export const WORKSPACE_KIND = 'Workspace';
export const WORKSPACE_PLURAL = 'workspaces';
export const WORKSPACE_STORAGE_VERSION = 'v1beta1';
export const WORKSPACE_DEPRECATED_VERSION = 'v1alpha1';

export const workspaceSpecV1beta1Schema = object(
  { manager: optional(string({ description: 'User name of the workspace manager.' })) },
  { description: 'WorkspaceSpec defines the desired state of Workspace.' },
);

export const workspaceSpecV1alpha1Schema = object({
  manager: optional(string({ description: 'User name of the workspace manager.' })),
  networkIsolation: optional(boolean({ description: 'KubeSphere 3 workspace-level network isolation switch.' })),
});

const workspaceStatusSchema = emptyObject({ description: 'WorkspaceStatus defines the observed state of Workspace.' });

export type WorkspaceSpecV1beta1 = Infer<typeof workspaceSpecV1beta1Schema>;
export type WorkspaceSpecV1alpha1 = Infer<typeof workspaceSpecV1alpha1Schema>;

/** A Workspace as read through either served version. */
export type Workspace =
  | {
      readonly apiVersion: `${typeof KUBESPHERE_TENANT_GROUP}/${typeof WORKSPACE_STORAGE_VERSION}`;
      readonly kind: typeof WORKSPACE_KIND;
      readonly metadata: Readonly<V1ObjectMeta>;
      readonly spec?: WorkspaceSpecV1beta1;
      readonly status?: Infer<typeof workspaceStatusSchema>;
    }
  | {
      readonly apiVersion: `${typeof KUBESPHERE_TENANT_GROUP}/${typeof WORKSPACE_DEPRECATED_VERSION}`;
      readonly kind: typeof WORKSPACE_KIND;
      readonly metadata: Readonly<V1ObjectMeta>;
      readonly spec?: WorkspaceSpecV1alpha1;
      readonly status?: Infer<typeof workspaceStatusSchema>;
    };

export const workspaceCrd: CustomResourceDefinition = customResourceDefinition({
  group: KUBESPHERE_TENANT_GROUP,
  scope: 'Cluster',
  names: {
    kind: WORKSPACE_KIND,
    listKind: `${WORKSPACE_KIND}List`,
    plural: WORKSPACE_PLURAL,
    singular: WORKSPACE_KIND.toLowerCase(),
    categories: ['tenant'],
  },
  versions: [
    {
      name: WORKSPACE_DEPRECATED_VERSION,
      served: true,
      storage: false,
      deprecated: true,
      schema: {
        openAPIV3Schema: rootSchema({
          description: 'A KubeSphere workspace (tenant).',
          spec: workspaceSpecV1alpha1Schema.openApi,
          status: emptyObject().openApi,
          specRequired: false,
        }),
      },
    },
    {
      name: WORKSPACE_STORAGE_VERSION,
      served: true,
      storage: true,
      schema: {
        openAPIV3Schema: rootSchema({
          description: 'Workspace is the Schema for the workspaces API.',
          spec: workspaceSpecV1beta1Schema.openApi,
          status: workspaceStatusSchema.openApi,
          specRequired: false,
        }),
      },
    },
  ],
});
