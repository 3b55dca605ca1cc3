// Schemas for the names that link our objects to workspaces, projects and provider resources.
import { string, type Schema } from './schema/builder.js';

/** A namespace (project) name: an RFC 1123 label. */
export const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/**
 * A workspace name. Workspaces are Kubernetes objects (RFC 1123 subdomain names), and KubeSphere
 * also writes the name as the value of the `kubesphere.io/workspace` namespace label, which limits
 * it to 63 characters; the intersection of both rules.
 */
export const WORKSPACE_NAME_PATTERN = '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$';

export function workspaceNameSchema(description: string): Schema<string> {
  return string({ description, minLength: 1, maxLength: 63, pattern: WORKSPACE_NAME_PATTERN });
}

export function projectNameSchema(description: string): Schema<string> {
  return string({ description, minLength: 1, maxLength: 63, pattern: DNS_LABEL_PATTERN });
}

/** An id the SDN provider gave a resource (QingCloud `rtr-…`/`vxnet-…`, a Calico pool name). */
export function providerIdSchema(description: string): Schema<string> {
  return string({ description, minLength: 1, maxLength: 253 });
}
