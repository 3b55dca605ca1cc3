// Calico IPAM reads these pod annotations before (and instead of) the namespace's: a pod naming
// another project's pool, or a fixed address, would take an address from another tenant's subnet.
// In a managed namespace the project's pool is chosen by the namespace annotation the controller
// writes, so these overrides are removed on CREATE (webhook) and refused to non-admins (admission
// policy, for when the webhook is down). Calico applies them only when the pod's sandbox is made.

export const CALICO_IPAM_OVERRIDE_ANNOTATIONS: readonly string[] = [
  'cni.projectcalico.org/ipv4pools',
  'cni.projectcalico.org/ipv6pools',
  'cni.projectcalico.org/ipAddrs',
  'cni.projectcalico.org/ipAddrsNoIpam',
  'cni.projectcalico.org/floatingIPs',
];

/** The IPAM-override annotations a pod carries, in the order above. */
export function ipamOverridesOf(annotations: Readonly<Record<string, string>> | undefined): string[] {
  if (annotations === undefined) return [];
  return CALICO_IPAM_OVERRIDE_ANNOTATIONS.filter((key) => Object.hasOwn(annotations, key));
}
