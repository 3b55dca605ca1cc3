// The machine's lower bound for the controller's work: a plain writer with the same client library
// and concurrency makes exactly the objects the controller must write — workspace networks and their
// status, project networks and their status, IPPools, namespace marks, policies — and nothing else.
import { API_GROUP_VERSION, FINALIZER, LABEL_WORKSPACE } from '../../src/api/constants.js';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { KubeClient, KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { renderProjectPolicies, type ConnectivityInput } from '../../src/policy/index.js';
import { CalicoProvider } from '../../src/providers/calico/index.js';
import { projectName, runBounded, workspaceName, type Shape } from './tenants.js';

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function readyStatus(extra: Record<string, unknown>): Record<string, unknown> {
  return { status: { phase: 'Ready', observedGeneration: 1, ...extra, conditions: [{ type: 'Ready', status: 'True', reason: 'Provisioned', message: 'ok', observedGeneration: 1, lastTransitionTime: now() }] } };
}

/** Returns the wall time in seconds and the number of writes made. */
export async function runBaseline(client: KubeClient, shape: Shape, concurrency: { workspaces: number; projects: number }): Promise<{ seconds: number; writes: number }> {
  const provider = new CalicoProvider({ client });
  let writes = 0;
  const started = performance.now();
  // Each workspace a /22 and each project a /28 (Calico's default block size) from 10.128.0.0.
  const base = (10 << 24) + (128 << 16);
  const ip = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  const vpcOf = (w: number): string => `${ip(base + w * 1024)}/22`;
  const subnetOf = (w: number, p: number): string => `${ip(base + w * 1024 + p * 16)}/28`;
  await runBounded(concurrency.workspaces, Array.from({ length: shape.workspaces }, (_, w) => async () => {
    const name = workspaceName(shape, w);
    await client.create(WORKSPACE_NETWORKS, { apiVersion: API_GROUP_VERSION, kind: 'WorkspaceNetwork', metadata: { name, finalizers: [FINALIZER] }, spec: { workspace: name } } as KubeObject);
    await client.mergePatch(WORKSPACE_NETWORKS, name, readyStatus({ cidr: vpcOf(w), vpcId: `calico-${name}`, projects: shape.projectsPerWorkspace }), { subresource: 'status' });
    writes += 2;
  }));
  const tasks: (() => Promise<void>)[] = [];
  for (let w = 0; w < shape.workspaces; w++) {
    const ws = workspaceName(shape, w);
    const members = Array.from({ length: shape.projectsPerWorkspace }, (_, p) => ({ name: projectName(shape, w, p), workspace: ws, isolated: false, uid: 'baseline' }));
    const input: ConnectivityInput = { workspaces: [{ name: ws, intraWorkspace: 'Allow' }], projects: members, connections: [], config: { systemNamespaces: ['kube-system'], allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: ['10.128.0.0/10'] } };
    for (let p = 0; p < shape.projectsPerWorkspace; p++) {
      tasks.push(async () => {
        const name = projectName(shape, w, p);
        const cidr = subnetOf(w, p);
        const pjn = await client.create<KubeObject>(PROJECT_NETWORKS, { apiVersion: API_GROUP_VERSION, kind: 'ProjectNetwork', metadata: { name, finalizers: [FINALIZER] }, spec: { workspace: ws } } as KubeObject);
        const subnet = await provider.ensureSubnet({ workspace: ws, project: name, projectUid: pjn.metadata?.uid ?? '', cidr, gateway: '', vpc: { workspace: ws, workspaceUid: '', id: `calico-${ws}`, cidr: vpcOf(w) } }, new AbortController().signal).catch((err: unknown) => {
          throw new Error(`baseline subnet ${name} ${cidr}: ${String(err)}`);
        });
        await client.mergePatch(CORE.namespaces, name, { metadata: { labels: { [LABEL_WORKSPACE]: ws }, annotations: subnet.namespaceAnnotations ?? {} } });
        for (const policy of renderProjectPolicies(input, name)) await client.apply(CORE.networkPolicies, policy);
        await client.mergePatch(PROJECT_NETWORKS, name, readyStatus({ cidr, gateway: subnet.gateway, subnetId: subnet.id, vpcId: `calico-${ws}` }), { subresource: 'status' });
        writes += 5;
      });
    }
  }
  await runBounded(concurrency.projects, tasks);
  return { seconds: (performance.now() - started) / 1000, writes };
}
