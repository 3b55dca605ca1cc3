// The guard rails a project's namespace carries besides its workspace label: Pod Security
// Admission's enforce level (so a tenant cannot start a hostNetwork or privileged pod, which no
// NetworkPolicy would restrict) and the project's effective bandwidth limit (which an admission
// policy holds new pods to while the webhook that stamps them is unavailable). Pure.
import {
  ANNOTATION_EGRESS_BANDWIDTH_LIMIT,
  ANNOTATION_INGRESS_BANDWIDTH_LIMIT,
  LABEL_POD_SECURITY_ENFORCE,
  LABEL_POD_SECURITY_ENFORCE_VERSION,
} from '../../api/constants.js';
import { formatBitsPerSecond, type BandwidthLimits } from '../../webhook/bandwidth-quantity.js';

/** Pod Security Admission levels; '' leaves the namespace's labels alone. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted' | '';
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted', ''];

export interface GuardMarks {
  readonly labels: Readonly<Record<string, string>>;
  /** `null`: the annotation must be absent (a limit that was removed). */
  readonly annotations: Readonly<Record<string, string | null>>;
}

export function guardMarks(podSecurity: PodSecurityLevel, limits: BandwidthLimits): GuardMarks {
  const limit = (bits: number | undefined): string | null => (bits === undefined ? null : formatBitsPerSecond(bits));
  return {
    labels: podSecurity === '' ? {} : { [LABEL_POD_SECURITY_ENFORCE]: podSecurity, [LABEL_POD_SECURITY_ENFORCE_VERSION]: 'latest' },
    annotations: { [ANNOTATION_INGRESS_BANDWIDTH_LIMIT]: limit(limits.ingress), [ANNOTATION_EGRESS_BANDWIDTH_LIMIT]: limit(limits.egress) },
  };
}

/** What to take off a namespace that stops being a project: the limits, and the enforce level if it is still ours. */
export function guardMarkKeys(podSecurity: PodSecurityLevel, labels: Readonly<Record<string, string>> | undefined): { readonly labels: readonly string[]; readonly annotations: readonly string[] } {
  const ours = podSecurity !== '' && labels?.[LABEL_POD_SECURITY_ENFORCE] === podSecurity;
  return {
    labels: ours ? [LABEL_POD_SECURITY_ENFORCE, LABEL_POD_SECURITY_ENFORCE_VERSION] : [],
    annotations: [ANNOTATION_INGRESS_BANDWIDTH_LIMIT, ANNOTATION_EGRESS_BANDWIDTH_LIMIT],
  };
}
