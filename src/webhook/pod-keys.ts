// The pod labels and annotations the webhook writes: the bandwidth annotations the dataplane reads
// (which sets are written is configuration) and the attribution that lets any metrics pipeline
// group traffic by tenant.
import { API_GROUP, LABEL_PROJECT, LABEL_WORKSPACE } from '../api/constants.js';
import type { Direction } from './bandwidth-quantity.js';

export const BANDWIDTH_ANNOTATION_SETS = {
  /** The bandwidth CNI plugin (and most CNIs that chain it). */
  kubernetes: { ingress: 'kubernetes.io/ingress-bandwidth', egress: 'kubernetes.io/egress-bandwidth' },
  /** Calico ≥ 3.30 QoS controls. */
  calico: { ingress: 'qos.projectcalico.org/ingressBandwidth', egress: 'qos.projectcalico.org/egressBandwidth' },
} as const satisfies Record<string, Record<Direction, string>>;

export type AnnotationSetName = keyof typeof BANDWIDTH_ANNOTATION_SETS;

/**
 * Calico's burst (in bits) for a limit, whichever of its bandwidth keys set it: unset, Calico lets
 * 4Gi bits (512 MiB) through at full speed before the cap bites. The kubernetes.io keys have no burst
 * annotation (the runtime picks it).
 */
export const CALICO_BURST_KEYS = { ingress: 'qos.projectcalico.org/ingressBurst', egress: 'qos.projectcalico.org/egressBurst' } as const satisfies Record<Direction, string>;
export const ANNOTATION_SET_NAMES = Object.keys(BANDWIDTH_ANNOTATION_SETS) as AnnotationSetName[];

export function isAnnotationSetName(value: unknown): value is AnnotationSetName {
  return typeof value === 'string' && value in BANDWIDTH_ANNOTATION_SETS;
}

/** Every bandwidth annotation any known dataplane reads, for one direction. */
export function bandwidthKeys(direction: Direction, sets: readonly AnnotationSetName[] = ANNOTATION_SET_NAMES): string[] {
  return [...new Set(sets.map((set) => BANDWIDTH_ANNOTATION_SETS[set][direction]))];
}

/**
 * Attribution: workspace and project as labels (selectable, and valid label values by their name
 * rules); provider ids as annotations, since they need not be valid label values.
 */
export const POD_LABEL_WORKSPACE = LABEL_WORKSPACE;
export const POD_LABEL_PROJECT = LABEL_PROJECT;
export const POD_ANNOTATION_VPC_ID = `${API_GROUP}/vpc-id`;
export const POD_ANNOTATION_SUBNET_ID = `${API_GROUP}/subnet-id`;

/** The attribution the webhook stamps; only the controller and admins may change it later (admission policy). */
export const POD_ATTRIBUTION_LABELS: readonly string[] = [POD_LABEL_WORKSPACE, POD_LABEL_PROJECT];
export const POD_ATTRIBUTION_ANNOTATIONS: readonly string[] = [POD_ANNOTATION_VPC_ID, POD_ANNOTATION_SUBNET_ID];

/** Every bandwidth annotation of every known set, both directions (the stamped sets are configuration). */
export function allBandwidthKeys(): string[] {
  return [...bandwidthKeys('ingress'), ...bandwidthKeys('egress'), CALICO_BURST_KEYS.ingress, CALICO_BURST_KEYS.egress];
}
