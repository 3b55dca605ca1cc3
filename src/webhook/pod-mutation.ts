// Pure pod mutation (docs/security.md, the admission webhook): stamps the project's bandwidth limit
// as the annotations the dataplane reads, caps a tenant's own higher (or unreadable) value, stamps
// attribution, and removes Calico IPAM overrides (a pod may not pick another project's pool or
// address: ipam-overrides.ts). Returns the RFC 6902 patch the admission response carries; an empty
// patch means "nothing to change".
import { jsonPointerEscape, type JsonPatchOperation } from '../kube/kube-client.js';
import { bitsPerSecondOf, DIRECTIONS, formatBitsPerSecond, type Direction } from './bandwidth-quantity.js';
import { ipamOverridesOf } from './ipam-overrides.js';
import {
  bandwidthKeys,
  CALICO_BURST_KEYS,
  POD_ANNOTATION_SUBNET_ID,
  POD_ANNOTATION_VPC_ID,
  POD_LABEL_PROJECT,
  POD_LABEL_WORKSPACE,
  type AnnotationSetName,
} from './pod-keys.js';
import type { ProjectView } from './project-view.js';

export interface PodObject {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>>; readonly [field: string]: unknown };
  readonly spec?: { readonly hostNetwork?: boolean; readonly [field: string]: unknown };
}

export interface MutationOptions {
  /** The annotation sets to stamp (the dataplane's); values under the other known keys are only capped. */
  readonly annotationSets: readonly AnnotationSetName[];
  /**
   * A pod annotation through which the dataplane learns the project's subnet from each pod (older
   * hostnic releases: `hostnic.network.kubesphere.io/vxnet`); stamped with the subnet id when set.
   */
  readonly subnetAnnotationKey?: string;
  /** Calico's burst, in bits, stamped with every limit (a tenant may ask for less); none when unset. */
  readonly calicoBurstBits?: number;
}

export interface CappedValue {
  readonly key: string;
  readonly direction: Direction;
  /** The tenant's value as written. */
  readonly requested: string;
  readonly stamped: string;
}

export interface PodMutation {
  readonly patch: JsonPatchOperation[];
  readonly capped: CappedValue[];
  /** IPAM-override annotations removed (the namespace's pool applies instead). */
  readonly removed: string[];
}

interface DesiredMetadata {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly capped: CappedValue[];
}

function desiredBandwidth(direction: Direction, limit: number, current: Readonly<Record<string, string>>, options: MutationOptions, out: DesiredMetadata): void {
  const known = bandwidthKeys(direction);
  const stampKeys = new Set(bandwidthKeys(direction, options.annotationSets));
  // A tenant may ask for less than the limit (in any key the dataplane might read), never more.
  const tenantBits = known.map((key) => bitsPerSecondOf(current[key])).filter((bits): bits is number => bits !== undefined);
  const stamped = formatBitsPerSecond(Math.min(limit, ...tenantBits));
  for (const key of known) {
    const requested = current[key];
    const bits = bitsPerSecondOf(requested);
    const overLimit = requested !== undefined && (bits === undefined || bits > limit);
    if (stampKeys.has(key) || overLimit) out.annotations[key] = stamped;
    if (overLimit) out.capped.push({ key, direction, requested, stamped });
  }
  if (options.calicoBurstBits !== undefined) desiredBurst(direction, options.calicoBurstBits, current, out);
}

/** Calico's burst for a limited direction: the configured one, or the tenant's if smaller. */
function desiredBurst(direction: Direction, burstBits: number, current: Readonly<Record<string, string>>, out: DesiredMetadata): void {
  const key = CALICO_BURST_KEYS[direction];
  const requested = current[key];
  const bits = bitsPerSecondOf(requested);
  const stamped = formatBitsPerSecond(Math.min(burstBits, bits ?? burstBits));
  out.annotations[key] = stamped;
  if (requested !== undefined && (bits === undefined || bits > burstBits)) out.capped.push({ key, direction, requested, stamped });
}

function desiredMetadata(pod: PodObject, project: ProjectView, options: MutationOptions): DesiredMetadata {
  const current = pod.metadata?.annotations ?? {};
  const out: DesiredMetadata = {
    labels: { [POD_LABEL_WORKSPACE]: project.workspace, [POD_LABEL_PROJECT]: project.project },
    annotations: {
      ...(project.vpcId === undefined ? {} : { [POD_ANNOTATION_VPC_ID]: project.vpcId }),
      ...(project.subnetId === undefined ? {} : { [POD_ANNOTATION_SUBNET_ID]: project.subnetId }),
      ...(project.subnetId === undefined || options.subnetAnnotationKey === undefined ? {} : { [options.subnetAnnotationKey]: project.subnetId }),
    },
    capped: [],
  };
  // Host-network pods share the node's interface: no dataplane shapes them, so no limit is stamped.
  if (pod.spec?.hostNetwork === true) return out;
  for (const direction of DIRECTIONS) {
    const limit = project.limits[direction];
    if (limit !== undefined) desiredBandwidth(direction, limit, current, options, out);
  }
  return out;
}

/** `add` ops for the keys whose value differs; one op for the whole map when the pod has none. */
function mapPatch(path: '/metadata/labels' | '/metadata/annotations', current: Readonly<Record<string, string>> | undefined, desired: Record<string, string>): JsonPatchOperation[] {
  const changed = Object.keys(desired).sort().filter((key) => current?.[key] !== desired[key]);
  if (changed.length === 0) return [];
  if (current === undefined) return [{ op: 'add', path, value: desired }];
  return changed.map((key) => ({ op: 'add', path: `${path}/${jsonPointerEscape(key)}`, value: desired[key] }));
}

export function planPodMutation(pod: PodObject, project: ProjectView, options: MutationOptions): PodMutation {
  const desired = desiredMetadata(pod, project, options);
  const patch: JsonPatchOperation[] = [];
  if (pod.metadata === undefined) {
    patch.push({ op: 'add', path: '/metadata', value: { labels: desired.labels, annotations: desired.annotations } });
  } else {
    patch.push(...mapPatch('/metadata/labels', pod.metadata.labels, desired.labels));
    patch.push(...mapPatch('/metadata/annotations', pod.metadata.annotations, desired.annotations));
  }
  // Never among the keys added above, so removing after adding is safe in one patch.
  const removed = ipamOverridesOf(pod.metadata?.annotations);
  for (const key of removed) patch.push({ op: 'remove', path: `/metadata/annotations/${jsonPointerEscape(key)}` });
  return { patch, capped: desired.capped, removed };
}
