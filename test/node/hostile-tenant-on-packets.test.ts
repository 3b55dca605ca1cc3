// A hostile tenant on a real node: with KubeSphere's project-admin RBAC in her own project, she tries
// what would get her traffic past her walls — a hostNetwork pod, a pod wearing another project's
// labels, a NetworkPolicy opening her project to every namespace, a higher bandwidth on her running
// pod, the cloud metadata address (served here from the test's own outside namespace), moving her
// namespace into the other tenant's workspace, loosening Pod Security. The controller runs with its
// webhook and the chart's admission policies. After each attempt the cross-tenant cells are probed
// with new connections: none may open.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAdmissionPolicies } from '../../src/admission-manifests/policies.js';
import { KUBESPHERE_WORKSPACES, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { ManagedProcess } from '../harness/managed-process.js';
import { runCommand } from '../harness/node/node-cluster.js';
import { sharedNode } from '../harness/node/shared-node.js';
import { describeOutcome, expectAccepted, expectRejected, runAttempts, type AttemptRow } from '../support/chaos-tenant/attempts.js';
import { grantProjectAdmin } from '../support/chaos-tenant/project-admin-rbac.js';
import { createWorkspace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { startNodeController, type NodeController } from '../support/node/node-controller.js';
import { createPodWhenAdmitted, PROBE_PORTS, probePodManifest, waitForPodEndpoint, type ProbeEndpoint } from '../support/node/probe-pods.js';
import { probeAll, probeOnce } from '../support/node/prober.js';

const ATTACKER_WS = 'hostile-a';
const VICTIM_WS = 'hostile-b';
const ATTACKER = 'hostile-a-p';
const VICTIM = 'hostile-b-p';
const PLAIN = 'hostile-plain';
const ALICE = 'alice';
const METADATA_IP = '169.254.169.254';

const VAP: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', namespaced: false };
const VAPB: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false };

type Pod = KubeObject & { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } };

describe('a hostile tenant on a real node', () => {
  const { access, node } = sharedNode();
  let admin: KubeClient;
  let alice: KubeClient;
  let controller: NodeController | undefined;
  let metadataServer: ManagedProcess | undefined;
  const installed: [ResourceType, string][] = [];
  const logDir = mkdtempSync(join(tmpdir(), 'tnc-hostile-'));
  const endpoints = new Map<string, ProbeEndpoint>();
  const results: string[] = [];

  /** Every cell between the two tenants, every probe port: none may be open. */
  const crossTenantOpen = async (): Promise<string[]> => {
    const a = endpoints.get(ATTACKER);
    const b = endpoints.get(VICTIM);
    if (a === undefined || b === undefined) throw new Error('probe pods missing');
    const probes = [...endpoints.entries()].filter(([name]) => name.startsWith(ATTACKER)).flatMap(([, from]) => PROBE_PORTS.flatMap((probe) => [{ from, to: b, probe }, { from: b, to: from, probe }]));
    return (await probeAll(node.agnhost, probes)).filter((r) => r.reachable).map((r) => `${r.from} -> ${r.to} ${r.probe.protocol}/${r.probe.port}`);
  };

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(access.adminKubeConfig());
    // The cloud's metadata service, as far as the node can tell: in the outside namespace.
    await runCommand('ip', ['-n', node.outsideNetns, 'addr', 'replace', `${METADATA_IP}/32`, 'dev', 'lo']);
    metadataServer = ManagedProcess.start('metadata', 'ip', ['netns', 'exec', node.outsideNetns, node.agnhost, 'serve-hostname', '--tcp', '--http=false', '--port', '80'], join(logDir, 'metadata.log'));

    controller = await startNodeController(access, node, { webhook: true });
    // The chart's admission policies, with the controller (an admin here) and admins as privileged.
    const policies = renderAdmissionPolicies({ params: { controllerUsers: [] } });
    for (const { policy, binding } of [policies.namespaceLabels, policies.managedNetworkPolicies, policies.podMetadata, policies.podBandwidth]) {
      for (const [type, object] of [[VAP, policy], [VAPB, binding]] as const) {
        await admin.create(type, object);
        installed.push([type, object.metadata?.name ?? '']);
      }
    }

    await createWorkspace(admin, ATTACKER_WS);
    await createWorkspace(admin, VICTIM_WS);
    await admin.create(CORE.namespaces, { metadata: { name: ATTACKER, labels: { 'kubesphere.io/workspace': ATTACKER_WS } } });
    await admin.create(CORE.namespaces, { metadata: { name: VICTIM, labels: { 'kubesphere.io/workspace': VICTIM_WS } } });
    await admin.create(CORE.namespaces, { metadata: { name: PLAIN } });
    await eventually(async () => {
      for (const ns of [ATTACKER, VICTIM]) expect((await admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, ns)).status?.phase).toBe('Ready');
      await admin.mergePatch(WORKSPACE_NETWORKS, ATTACKER_WS, { spec: { bandwidth: { egress: '10M' } } });
      expect((await admin.get<KubeObject>(CORE.namespaces, ATTACKER)).metadata?.annotations?.['sdn.kubesphere.io/egress-bandwidth-limit']).toBe('10M');
    }, 90_000, 500);
    await grantProjectAdmin(admin, ALICE, ATTACKER);
    alice = await KubeClient.fromKubeConfig(await access.userKubeConfig(ALICE));
    await createPodWhenAdmitted(admin, probePodManifest(VICTIM));
    await createPodWhenAdmitted(admin, probePodManifest(PLAIN));
    await createPodWhenAdmitted(alice, probePodManifest(ATTACKER));
    for (const ns of [ATTACKER, VICTIM, PLAIN]) endpoints.set(ns, await waitForPodEndpoint(admin, node, ns));
  }, 300_000);

  afterAll(async () => {
    await controller?.stop();
    await metadataServer?.stop();
    await runCommand('ip', ['-n', node.outsideNetns, 'addr', 'del', `${METADATA_IP}/32`, 'dev', 'lo']).catch(() => undefined);
    for (const [type, name] of installed.reverse()) await admin.delete(type, name).catch(() => undefined);
    for (const ns of [ATTACKER, VICTIM, PLAIN]) await admin.delete(CORE.namespaces, ns).catch(() => undefined);
    for (const ws of [ATTACKER_WS, VICTIM_WS]) await admin.delete(KUBESPHERE_WORKSPACES, ws).catch(() => undefined);
    await alice.close();
    await admin.close();
    rmSync(logDir, { recursive: true, force: true });
    process.stdout.write(`hostile tenant on packets:\n${results.map((r) => `  ${r}`).join('\n')}\n`);
  }, 120_000);

  it('starts from walls that hold, and a metadata service only an unmanaged pod reaches', async () => {
    expect(await crossTenantOpen()).toEqual([]);
    const metadata: ProbeEndpoint = { name: 'metadata', ip: METADATA_IP, netns: '' };
    const fromPlain = await probeOnce(node.agnhost, endpoints.get(PLAIN) as ProbeEndpoint, metadata, { protocol: 'TCP', port: 80 });
    const fromProject = await probeOnce(node.agnhost, endpoints.get(ATTACKER) as ProbeEndpoint, metadata, { protocol: 'TCP', port: 80 });
    results.push(`metadata ${METADATA_IP}:80 from an unmanaged pod: ${fromPlain.reachable ? 'reached' : fromPlain.detail}; from the tenant's pod: ${fromProject.reachable ? 'reached' : fromProject.detail}`);
    expect(fromPlain.reachable).toBe(true);
    expect(fromProject.reachable).toBe(false);
  }, 120_000);

  it('every attempt is refused or contained, and no cross-tenant cell opens', async () => {
    const attackerPod = (name: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}, hostNetwork = false): KubeObject => {
      const pod = probePodManifest(ATTACKER, { name, ...extra }) as KubeObject & { spec: Record<string, unknown> };
      return hostNetwork ? ({ ...pod, spec: { ...pod.spec, hostNetwork: true } } as KubeObject) : pod;
    };
    const rows: AttemptRow[] = [
      {
        name: 'a hostNetwork pod (no NetworkPolicy applies to the node network)',
        attempt: () => alice.create(CORE.pods, attackerPod('host', {}, true)),
        verify: (o) => { expectRejected(o, 403, 'violates PodSecurity', 'hostNetwork'); },
      },
      {
        name: "a pod wearing the victim's project and workspace labels",
        attempt: async () => {
          await alice.create(CORE.pods, attackerPod('imposter', { labels: { 'sdn.kubesphere.io/project': VICTIM, 'sdn.kubesphere.io/workspace': VICTIM_WS } }));
          const pod = await admin.get<Pod>(CORE.pods, 'imposter', ATTACKER);
          // The webhook re-stamped her own project on it.
          expect(pod.metadata.labels?.['sdn.kubesphere.io/project']).toBe(ATTACKER);
          endpoints.set(`${ATTACKER}/imposter`, { ...(await waitForPodEndpoint(admin, node, ATTACKER, 'imposter')), name: `${ATTACKER}/imposter` });
        },
        verify: (o) => { expectAccepted(o); },
      },
      {
        name: 'a NetworkPolicy opening her project to every namespace, both ways',
        attempt: () => alice.create(CORE.networkPolicies, {
          apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'open-everything', namespace: ATTACKER },
          spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ namespaceSelector: {} }] }], egress: [{ to: [{ namespaceSelector: {} }] }] },
        } as KubeObject),
        verify: (o) => { expectAccepted(o); },
      },
      {
        name: 'a higher bandwidth on her running pod',
        attempt: () => alice.mergePatch(CORE.pods, 'probe', { metadata: { annotations: { 'kubernetes.io/egress-bandwidth': '10G' } } }, { namespace: ATTACKER }),
        verify: (o) => { expectRejected(o, 403, 'kubernetes.io/egress-bandwidth'); },
      },
      {
        name: 'her namespace moved into the victim workspace',
        attempt: () => alice.mergePatch(CORE.namespaces, ATTACKER, { metadata: { labels: { 'kubesphere.io/workspace': VICTIM_WS } } }),
        verify: (o) => { expectRejected(o, 403, 'kubesphere.io/workspace'); },
      },
      {
        name: 'Pod Security loosened on her namespace',
        attempt: () => alice.mergePatch(CORE.namespaces, ATTACKER, { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } }),
        verify: (o) => { expectRejected(o, 403, 'pod-security.kubernetes.io/enforce'); },
      },
      {
        name: "her namespace's bandwidth limit raised",
        attempt: () => alice.mergePatch(CORE.namespaces, ATTACKER, { metadata: { annotations: { 'sdn.kubesphere.io/egress-bandwidth-limit': '10G' } } }),
        verify: (o) => { expectRejected(o, 403, 'sdn.kubesphere.io/egress-bandwidth-limit'); },
      },
      {
        name: 'the cloud metadata address from her pods',
        attempt: async () => {
          for (const [name, from] of endpoints) {
            if (!name.startsWith(ATTACKER)) continue;
            const probe = await probeOnce(node.agnhost, from, { name: 'metadata', ip: METADATA_IP, netns: '' }, { protocol: 'TCP', port: 80 });
            if (probe.reachable) throw new Error(`${name} reached ${METADATA_IP}`);
          }
        },
        verify: (o) => { expectAccepted(o); },
      },
    ];
    const report = await runAttempts(rows, async (row) => {
      // Policies land a moment after the write: give the enforcer that moment before probing.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const open = await crossTenantOpen();
      if (open.length > 0) throw new Error(`after "${row.name}", cross-tenant cells open: ${open.join(', ')}`);
    });
    for (const [name, outcome] of report.outcomes) results.push(`${name}: ${describeOutcome(outcome).slice(0, 160)}`);
    results.push(`${report.tried} attempts, ${report.violations.length} violations; cross-tenant cells probed after each`);
    expect(report.violations).toEqual([]);
  }, 300_000);
});
