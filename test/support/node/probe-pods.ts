// The probe endpoints: in each namespace under test a pod running agnhost's serve-hostname on TCP 80,
// TCP 81 and UDP 80 (the upstream NetworkPolicy e2e servers), and the same three servers in the
// test's own "outside" network namespace beyond the node. Probes start from an endpoint's network
// namespace, so they take exactly the path the pod's own traffic takes.
import { AGNHOST_IMAGE } from '../../harness/node/node-images.js';
import type { NodeInfo } from '../../harness/node/node-cluster.js';
import { runCommand } from '../../harness/node/node-cluster.js';
import { ManagedProcess } from '../../harness/managed-process.js';
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import { CORE } from '../../../src/kube/resource.js';
import { OUTSIDE, type PortProbe } from './expected-reachability.js';
import { join } from 'node:path';

export const PROBE_POD = 'probe';
export const PROBE_PORTS: readonly PortProbe[] = [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 81 }, { protocol: 'UDP', port: 80 }];

export interface ProbeEndpoint {
  readonly name: string;
  readonly ip: string;
  /** The network namespace probes from this endpoint start in. */
  readonly netns: string;
}

interface Pod extends KubeObject {
  status?: { phase?: string; podIP?: string; containerStatuses?: { containerID?: string; ready?: boolean }[] };
}

function serverArgs(probe: PortProbe): string[] {
  return ['serve-hostname', probe.protocol === 'UDP' ? '--udp' : '--tcp', '--http=false', '--port', String(probe.port)];
}

export function probePodManifest(namespace: string, extra: { annotations?: Record<string, string>; labels?: Record<string, string>; name?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: extra.name ?? PROBE_POD, namespace, labels: { app: 'probe', ...extra.labels }, annotations: extra.annotations ?? {} },
    spec: {
      terminationGracePeriodSeconds: 0,
      automountServiceAccountToken: false,
      containers: PROBE_PORTS.map((p) => ({ name: `${p.protocol.toLowerCase()}-${p.port}`, image: AGNHOST_IMAGE, imagePullPolicy: 'Never', args: serverArgs(p) })),
    },
  } as KubeObject;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Creates a pod once the namespace's default ServiceAccount exists (admission needs it). */
export async function createPodWhenAdmitted(admin: KubeClient, pod: KubeObject, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.create(CORE.pods, pod);
      return;
    } catch (err) {
      if (Date.now() > deadline || !String(err).includes('serviceaccount')) throw err;
      await sleep(200);
    }
  }
}

/** Maps running containers to their pids through the node's containerd. */
async function containerPids(node: NodeInfo): Promise<Map<string, number>> {
  const out = await runCommand(node.ctr, ['--address', node.containerdSocket, '--namespace', 'k8s.io', 'tasks', 'ls']);
  const pids = new Map<string, number>();
  for (const line of out.split('\n').slice(1)) {
    const [id, pid, status] = line.trim().split(/\s+/);
    if (id !== undefined && pid !== undefined && status === 'RUNNING') pids.set(id, Number(pid));
  }
  return pids;
}

/** Waits until the pod runs with every container ready, and returns it as a probe endpoint. */
export async function waitForPodEndpoint(admin: KubeClient, node: NodeInfo, namespace: string, name = PROBE_POD, timeoutMs = 90_000): Promise<ProbeEndpoint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pod = await admin.get<Pod>(CORE.pods, name, namespace).catch(() => undefined);
    const statuses = pod?.status?.containerStatuses ?? [];
    const ip = pod?.status?.podIP;
    if (pod?.status?.phase === 'Running' && ip !== undefined && statuses.length > 0 && statuses.every((s) => s.ready === true)) {
      const id = (statuses[0]?.containerID ?? '').replace(/^containerd:\/\//, '');
      const pid = (await containerPids(node)).get(id);
      if (pid !== undefined) return { name: namespace, ip, netns: `/proc/${pid}/ns/net` };
    }
    if (Date.now() > deadline) throw new Error(`pod ${namespace}/${name} not running after ${timeoutMs} ms: ${JSON.stringify(pod?.status ?? {})}`);
    await sleep(250);
  }
}

/** The outside endpoint's servers, in the test's own network namespace beyond the node. */
export function startOutsideServers(node: NodeInfo, logDir: string): { endpoint: ProbeEndpoint; stop: () => Promise<void> } {
  const servers = PROBE_PORTS.map((p) => ManagedProcess.start(`outside-${p.protocol}-${p.port}`, 'ip', ['netns', 'exec', node.outsideNetns, node.agnhost, ...serverArgs(p)], join(logDir, `outside-${p.protocol}-${p.port}.log`)));
  return {
    endpoint: { name: OUTSIDE, ip: node.outsideIp, netns: `/run/netns/${node.outsideNetns}` },
    stop: async () => {
      for (const s of servers) await s.stop();
    },
  };
}
