// The test node's names and addresses, from one slot number. Every run takes the lowest free slot (by
// creating its network namespace, which fails if another run has it), so two runs on one machine get
// different namespaces, links, cgroups and routes, and a run's leftovers are found by the same names.
//
//   host netns ── tnc<N>h 100.64.N.1/30 ═══ eth0 100.64.N.2/30 ── node netns (containerd, kubelet,
//     apiserver listens on 100.64.N.1        kube-router, kube-proxy; pods on 10.(200+N).0.0/16)
//     route 10.(200+N).0.0/16 via node       out0 100.65.N.1/30 ═══ eth0 100.65.N.2/30 ── outside netns
//                                            default route via the outside netns (the "internet")

export const MAX_SLOTS = 50;
export const NODE_NAME = 'tnc-node';
/** The `kubernetes` Service's cluster IP (the first address of the service range). */
export const SERVICE_CIDR = '10.0.0.0/24';
export const KUBERNETES_SERVICE_IP = '10.0.0.1';

export interface NodePlan {
  readonly slot: number;
  readonly nodeNetns: string;
  readonly outsideNetns: string;
  /** The host end of the node's link; the apiserver listens here. */
  readonly hostLink: string;
  readonly hostIp: string;
  readonly nodeIp: string;
  readonly nodeOutsideIp: string;
  readonly outsideIp: string;
  /** The pod range host-local hands addresses from. */
  readonly podCidr: string;
  /** The cgroup every process of the node lives under, in every v1 hierarchy. */
  readonly cgroup: string;
}

export function nodePlan(slot: number): NodePlan {
  if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOTS) throw new Error(`node slot ${slot} out of range 0..${MAX_SLOTS - 1}`);
  return {
    slot,
    nodeNetns: `tnc${slot}-node`,
    outsideNetns: `tnc${slot}-out`,
    hostLink: `tnc${slot}h`,
    hostIp: `100.64.${slot}.1`,
    nodeIp: `100.64.${slot}.2`,
    nodeOutsideIp: `100.65.${slot}.1`,
    outsideIp: `100.65.${slot}.2`,
    podCidr: `10.${200 + slot}.0.0/16`,
    cgroup: `tnc${slot}`,
  };
}

/** The slot a namespace or cgroup name of ours belongs to, or undefined for anything else. */
export function slotOfName(name: string): number | undefined {
  const match = /^tnc(\d+)(?:-node|-out|h)?$/.exec(name);
  if (match === null) return undefined;
  const slot = Number(match[1]);
  return slot < MAX_SLOTS ? slot : undefined;
}
