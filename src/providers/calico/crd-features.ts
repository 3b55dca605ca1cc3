// What the cluster's IPPool CRD can hold. Calico 3.30 added `assignmentMode` (Manual: a pool serves
// only pods and namespaces that name it); on older releases the CRD has no such field and the
// apiserver prunes it silently, so writing it there would look like drift on every read. The
// installed CRD's schema is read once at start-up; `ipPoolCrdFeatures` is pure.
import { isNotFound } from '../../kube/api-error.js';
import type { KubeClient, KubeObject } from '../../kube/kube-client.js';
import { CORE } from '../../kube/resource.js';
import { CALICO_CRD_GROUP, CALICO_CRD_VERSION, IPPOOL_PLURAL } from '../../api/external/calico-ippool.js';
import type { AssignmentMode } from './options.js';

export interface IpPoolCrdFeatures {
  readonly assignmentMode: boolean;
}

interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

interface CrdObject extends KubeObject {
  spec?: { versions?: readonly { name?: string; schema?: { openAPIV3Schema?: SchemaNode } }[] };
}

export const IPPOOL_CRD_NAME = `${IPPOOL_PLURAL}.${CALICO_CRD_GROUP}`;

/** The features of the served `v1` version; a CRD without a schema for it has none. */
export function ipPoolCrdFeatures(crd: CrdObject): IpPoolCrdFeatures {
  const version = crd.spec?.versions?.find((v) => v.name === CALICO_CRD_VERSION);
  const spec = version?.schema?.openAPIV3Schema?.properties?.spec?.properties ?? {};
  return { assignmentMode: Object.hasOwn(spec, 'assignmentMode') };
}

export type CrdFeaturesResult =
  | { readonly ok: true; readonly features: IpPoolCrdFeatures }
  | { readonly ok: false; readonly message: string };

/** Reads the installed CRD; a failure is a value, so the caller can fall back and say why. */
export async function readIpPoolCrdFeatures(client: KubeClient, signal?: AbortSignal): Promise<CrdFeaturesResult> {
  try {
    const crd = await client.get<CrdObject>(CORE.crds, IPPOOL_CRD_NAME, undefined, signal);
    return { ok: true, features: ipPoolCrdFeatures(crd) };
  } catch (err) {
    return { ok: false, message: isNotFound(err) ? `CRD ${IPPOOL_CRD_NAME} is not installed` : `reading CRD ${IPPOOL_CRD_NAME}: ${String(err)}` };
  }
}

export interface AssignmentChoice {
  /** What project pools carry; undefined = the field is left out. */
  readonly mode?: AssignmentMode;
  /** Why a requested mode is not written, for the start-up log. */
  readonly warning?: string;
}

/**
 * Manual wherever the CRD has the field (the default), the admin's choice where it does; never the
 * field on a CRD without it (the nodeSelector `!all()` keeps other pods out there).
 */
export function chooseAssignmentMode(requested: AssignmentMode | undefined, features: IpPoolCrdFeatures | undefined): AssignmentChoice {
  if (features?.assignmentMode === true) return { mode: requested ?? 'Manual' };
  if (requested === undefined) return {};
  return { warning: `assignmentMode ${requested} is not written: the installed IPPool CRD has no such field (Calico older than 3.30${features === undefined ? ', or the CRD could not be read' : ''}); the pools' nodeSelector alone keeps other namespaces' pods out` };
}
