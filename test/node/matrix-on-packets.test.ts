// The connectivity table on real packets: two workspaces with five projects, a system namespace, an
// unmanaged namespace and an outside endpoint beyond the node; agnhost servers on TCP 80, TCP 81 and
// UDP 80 in each; every ordered pair probed with new connections after each change, and the result
// held to the table (docs/connectivity.md) and to `kubectl tenantnet matrix -o json`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { sharedNode } from '../harness/node/shared-node.js';
import { createWorkspace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { OUTSIDE, type Topology } from '../support/node/expected-reachability.js';
import { checkStep, formatStep, type StepReport } from '../support/node/matrix-check.js';
import { startNodeController, NODE_SYSTEM_NAMESPACES, type NodeController } from '../support/node/node-controller.js';
import { createPodWhenAdmitted, probePodManifest, startOutsideServers, waitForPodEndpoint, type ProbeEndpoint } from '../support/node/probe-pods.js';

const WS_A = 'wa';
const WS_B = 'wb';
const PROJECTS: Record<string, string> = { 'wa-p1': WS_A, 'wa-p2': WS_A, 'wa-p3': WS_A, 'wb-p1': WS_B, 'wb-p2': WS_B };
const SYSTEM = 'kube-system';
const PLAIN = 'plain';

describe('the connectivity table, probed on a real node', () => {
  const { access, node } = sharedNode();
  let admin: KubeClient;
  let controller: NodeController | undefined;
  let outside: { endpoint: ProbeEndpoint; stop: () => Promise<void> } | undefined;
  const logDir = mkdtempSync(join(tmpdir(), 'tnc-matrix-'));
  const endpoints = new Map<string, ProbeEndpoint>();
  const reports: StepReport[] = [];
  let topology: Topology;

  const check = async (step: string): Promise<void> => {
    const report = await checkStep(step, { admin, agnhost: node.agnhost, kubeconfig: access.state.adminKubeconfigPath, endpoints: [...endpoints.values()], topology });
    reports.push(report);
    process.stdout.write(`${formatStep(report)}\n`);
    expect(report.mismatches).toEqual([]);
  };

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(access.adminKubeConfig());
    controller = await startNodeController(access, node);
    for (const ws of [WS_A, WS_B]) await createWorkspace(admin, ws);
    for (const [project, ws] of Object.entries(PROJECTS)) await admin.create(CORE.namespaces, { metadata: { name: project, labels: { 'kubesphere.io/workspace': ws } } });
    await admin.create(CORE.namespaces, { metadata: { name: PLAIN } });
    for (const ns of [...Object.keys(PROJECTS), SYSTEM, PLAIN]) await createPodWhenAdmitted(admin, probePodManifest(ns));
    outside = startOutsideServers(node, logDir);
    for (const ns of [...Object.keys(PROJECTS), SYSTEM, PLAIN]) endpoints.set(ns, await waitForPodEndpoint(admin, node, ns));
    endpoints.set(OUTSIDE, outside.endpoint);
    await eventually(async () => {
      for (const project of Object.keys(PROJECTS)) expect((await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, project)).status?.phase).toBe('Ready');
    }, 60_000, 500);
    topology = {
      projects: new Map(Object.entries(PROJECTS).map(([name, workspace]) => [name, { workspace, isolated: false }])),
      workspaces: new Map([[WS_A, 'Allow'], [WS_B, 'Allow']]),
      connections: [],
      systemNamespaces: new Set(NODE_SYSTEM_NAMESPACES),
      openedByTenant: new Set(),
    };
  }, 240_000);

  afterAll(async () => {
    await controller?.stop();
    await outside?.stop();
    for (const ns of [...Object.keys(PROJECTS), PLAIN]) await admin.delete(CORE.namespaces, ns).catch(() => undefined);
    await admin.delete(CORE.pods, 'probe', { namespace: SYSTEM }).catch(() => undefined);
    for (const ws of [WS_A, WS_B]) await admin.delete(KUBESPHERE_WORKSPACES, ws).catch(() => undefined);
    await admin.close();
    rmSync(logDir, { recursive: true, force: true });
    const total = reports.reduce((n, r) => n + r.cellsProbed, 0);
    process.stdout.write(`matrix on packets: ${reports.length} steps, ${total} cells probed, ${reports.reduce((n, r) => n + r.mismatches.length, 0)} mismatches\n`);
  }, 120_000);

  const isolate = (project: string, isolated: boolean): void => {
    const p = topology.projects.get(project);
    if (p !== undefined) topology = { ...topology, projects: new Map([...topology.projects, [project, { ...p, isolated }]]) };
  };

  it('1. defaults: workspaces are open inside, closed to each other', async () => {
    await check('defaults');
  }, 120_000);

  it('2. intraWorkspace: Deny closes a workspace', async () => {
    await admin.mergePatch(WORKSPACE_NETWORKS, WS_A, { spec: { intraWorkspace: 'Deny' } });
    topology = { ...topology, workspaces: new Map([[WS_A, 'Deny'], [WS_B, 'Allow']]) };
    await check('intraWorkspace Deny');
  }, 120_000);

  it("3. KubeSphere's isolate annotation isolates one project", async () => {
    await admin.mergePatch(WORKSPACE_NETWORKS, WS_A, { spec: { intraWorkspace: 'Allow' } });
    await admin.mergePatch(CORE.namespaces, 'wa-p2', { metadata: { annotations: { 'kubesphere.io/network-isolate': 'enabled' } } });
    topology = { ...topology, workspaces: new Map([[WS_A, 'Allow'], [WS_B, 'Allow']]) };
    isolate('wa-p2', true);
    await check('isolate annotation');
  }, 120_000);

  it('4. a two-way connection opens two projects of different workspaces to each other', async () => {
    await admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: 'wa-p1.wb-p1' }, spec: { from: { project: 'wa-p1' }, to: { project: 'wb-p1' } } } as KubeObject);
    topology = { ...topology, connections: [{ from: 'wa-p1', to: 'wb-p1', bidirectional: true }] };
    await check('two-way connection');
  }, 120_000);

  it('5. a one-way connection limited to TCP 81 opens only that', async () => {
    await admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: 'wb-p2.wa-p3' }, spec: { from: { project: 'wb-p2' }, to: { project: 'wa-p3' }, bidirectional: false, ports: [{ protocol: 'TCP', port: 81 }] } } as KubeObject);
    topology = { ...topology, connections: [...topology.connections, { from: 'wb-p2', to: 'wa-p3', bidirectional: false, ports: [{ protocol: 'TCP', port: 81 }] }] };
    await check('one-way port-limited connection');
  }, 120_000);

  it('6. removing the connection takes the allowance away', async () => {
    await admin.delete(PROJECT_CONNECTIONS, 'wb-p2.wa-p3');
    topology = { ...topology, connections: topology.connections.filter((c) => c.from !== 'wb-p2') };
    await check('connection removed');
  }, 120_000);

  it('7. a namespace moved to another workspace follows its new workspace', async () => {
    await admin.mergePatch(CORE.namespaces, 'wa-p3', { metadata: { labels: { 'kubesphere.io/workspace': WS_B } } });
    topology = { ...topology, projects: new Map([...topology.projects, ['wa-p3', { workspace: WS_B, isolated: false }]]) };
    await check('namespace moved');
  }, 120_000);

  it('8. a deleted project leaves the others as they were', async () => {
    await admin.delete(CORE.namespaces, 'wb-p2');
    await eventually(async () => {
      expect(await admin.get(CORE.namespaces, 'wb-p2').then(() => true, () => false)).toBe(false);
    }, 90_000, 500);
    endpoints.delete('wb-p2');
    const projects = new Map(topology.projects);
    projects.delete('wb-p2');
    topology = { ...topology, projects };
    await check('project deleted');
  }, 180_000);

  it("9. a tenant's own policy opening its project to everyone opens no other tenant", async () => {
    await admin.create(CORE.networkPolicies, {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'open-to-everyone', namespace: 'wa-p1' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] },
    } as KubeObject);
    topology = { ...topology, openedByTenant: new Set(['wa-p1']) };
    await check("tenant's own open policy");
  }, 120_000);
});
