// The QingCloud secret access key never leaks (issue #10): the real `main` runs as a child process at
// log level debug against a private apiserver and the QingCloud simulator, provisions projects, meets
// injected auth failures (ret_code 1200) and — after its Secret is changed to a wrong key and it is
// restarted — genuine signature failures. Then everything it could have written is searched for both
// keys, as is, base64 (either alphabet, any alignment), URL-encoded, hex and JSON-escaped: its stdout
// and stderr, every Event, every WorkspaceNetwork/ProjectNetwork/ProjectConnection, every namespace,
// its /metrics, and the requests it sent to the cloud API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { startControllerProcess, type ControllerProcess } from '../support/chaos-tenant/controller-process.js';
import { findSecretLeaks, secretForms, type Haystack } from '../support/chaos-tenant/secret-leaks.js';
import { createNamespace, createWorkspace } from '../support/core-env.js';
import { CRD_FILES } from '../support/crd-paths.js';
import { eventually } from '../support/eventually.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import { freePort } from '../harness/ports.js';
import { startQingCloudSimulator, type QingCloudSimulator } from '../qingcloud-sim/server.js';

// Fixed, and with characters that base64, URL and JSON encodings each change.
const SECRET_KEY = 'Qy7+Kp2/Rt9sVw4xZb8=Lm3nHc6dFg1jTq5yWe0u';
const WRONG_KEY = 'Wr0ng+Key/ForSignature=Tests0123456789ab';
const ACCESS_KEY_ID = 'QYCHAOSSECRETTEST001';
const NAMESPACE = 'tnc-secrets-system';
const CREDENTIALS = 'qingcloud-credentials';
const CONVERGE_MS = 60_000;

type Cr = KubeObject & { status?: { phase?: string; conditions?: { type: string; status: string; reason: string; message: string }[] } };

describe('resilience: the secret key never leaks', () => {
  let plane: LocalControlPlane;
  let admin: KubeClient;
  let sim: QingCloudSimulator;
  const captured: Haystack[] = [];
  let metricsPort = 0;

  const runController = (): ControllerProcess => startControllerProcess({
    // No hostnic beside the simulator: its per-pod annotation mode needs nothing in the cluster.
    config: { provider: 'qingcloud', qingcloud: { callsPerHour: 1_000_000, callBurst: 1000, jobPollIntervalMs: 100, hostnicMode: 'annotation' } },
    env: {
      KUBECONFIG: plane.kubeconfigPath,
      POD_NAMESPACE: NAMESPACE,
      POD_NAME: `secrets-${Date.now()}`,
      TNC_LEADER_ELECTION: 'false',
      TNC_PROBE_PORT: String(metricsPort),
      TNC_LOG_LEVEL: 'debug',
      QINGCLOUD_ENDPOINT: sim.endpoint,
      QINGCLOUD_ZONE: sim.zone,
    },
  });
  const readyReason = async (type: ResourceType, name: string): Promise<string | undefined> => (await admin.get<Cr>(type, name)).status?.conditions?.find((c) => c.type === 'Ready')?.reason;
  const expectReason = (type: ResourceType, name: string, reason: string): Promise<void> => eventually(async () => {
    expect({ name, reason: await readyReason(type, name) }).toEqual({ name, reason });
  }, CONVERGE_MS, 250);
  const scrapeMetrics = async (phase: string): Promise<void> => {
    const text = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      return res.text();
    }, 20_000, 200);
    expect(text).toContain('tenant_network_');
    captured.push({ source: `/metrics (${phase})`, text });
  };
  const stopAndCapture = async (child: ControllerProcess, phase: string): Promise<void> => {
    await child.stop();
    captured.push({ source: `stdout (${phase})`, text: child.stdout() }, { source: `stderr (${phase})`, text: child.stderr() });
  };

  beforeAll(async () => {
    plane = await LocalControlPlane.start();
    await plane.access.installCrds([CRD_FILES.workspaceNetworks, CRD_FILES.projectNetworks, CRD_FILES.projectConnections, CRD_FILES.kubesphereWorkspaces]);
    admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
    sim = await startQingCloudSimulator({ seed: 10, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_KEY, timings: { jobPendingMs: 20, jobWorkingMs: { CreateRouters: 150, JoinRouter: 80 } } });
    metricsPort = await freePort();
    await createNamespace(admin, NAMESPACE);
    await admin.create(CORE.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: CREDENTIALS, namespace: NAMESPACE }, stringData: { qy_access_key_id: ACCESS_KEY_ID, qy_secret_access_key: SECRET_KEY } } as KubeObject);
  }, 90_000);

  afterAll(async () => {
    await sim.stop();
    await admin.close();
    await plane.stop();
  }, 60_000);

  it('provisions, then meets injected auth failures', async () => {
    const child = runController();
    try {
      for (const ws of ['sec-w1', 'sec-w2']) {
        await createWorkspace(admin, ws);
        for (const p of ['a', 'b']) await createNamespace(admin, `${ws}-${p}`, ws);
      }
      await eventually(async () => {
        for (const p of ['sec-w1-a', 'sec-w1-b', 'sec-w2-a', 'sec-w2-b']) expect({ p, phase: (await admin.get<Cr>(PROJECT_NETWORKS, p)).status?.phase }).toEqual({ p, phase: 'Ready' });
      }, CONVERGE_MS, 250);
      await admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: 'sec-link' }, spec: { from: { project: 'sec-w1-a' }, to: { project: 'sec-w2-a' } } } as KubeObject);

      // The cloud rejects every call as unauthenticated: a new workspace and project fail with a reason.
      sim.setFaults([{ retCode: 1200, message: 'AuthFailure, signature not matched' }]);
      await createWorkspace(admin, 'sec-w3');
      await createNamespace(admin, 'sec-w3-a', 'sec-w3');
      await expectReason(WORKSPACE_NETWORKS, 'sec-w3', 'AuthFailure');
      sim.setFaults([{ retCode: 1200, message: 'AuthFailure, access key id not found', action: 'DescribeVxnets' }, { retCode: 1200, message: 'AuthFailure, access key id not found', action: 'CreateVxnets' }]);
      await createNamespace(admin, 'sec-w1-c', 'sec-w1');
      await expectReason(PROJECT_NETWORKS, 'sec-w1-c', 'AuthFailure');
      await scrapeMetrics('auth faults');
      sim.setFaults([]);
    } finally {
      await stopAndCapture(child, 'auth faults');
    }
    expect(sim.calls().some((c) => c.retCode === 1200)).toBe(true);
  }, 180_000);

  it('meets genuine signature failures after its Secret holds a wrong key', async () => {
    await admin.mergePatch(CORE.secrets, CREDENTIALS, { stringData: { qy_secret_access_key: WRONG_KEY } }, { namespace: NAMESPACE });
    sim.resetCalls();
    const child = runController();
    try {
      await createWorkspace(admin, 'sec-w4');
      await expectReason(WORKSPACE_NETWORKS, 'sec-w4', 'AuthFailure');
      // Existing VPCs are re-verified after the restart and fail too; their new projects wait.
      await expectReason(WORKSPACE_NETWORKS, 'sec-w2', 'AuthFailure');
      await createNamespace(admin, 'sec-w2-c', 'sec-w2');
      await expectReason(PROJECT_NETWORKS, 'sec-w2-c', 'WaitingForWorkspace');
      await scrapeMetrics('wrong key');
    } finally {
      await stopAndCapture(child, 'wrong key');
    }
    // The simulator's own verdict: these were signature failures, not injected ones.
    expect(sim.calls().filter((c) => c.retCode === 1200).length).toBeGreaterThan(0);
  }, 180_000);

  it('leaves neither key anywhere', async () => {
    const haystacks: Haystack[] = [...captured];
    const json = (source: string, value: unknown): Haystack => ({ source, text: JSON.stringify(value) });
    const coreEvents = await admin.request<{ items: unknown[] }>('GET', '/api/v1/events');
    const events = await admin.list<KubeObject>(CORE.events);
    haystacks.push(...coreEvents.items.map((e, i) => json(`core event ${i}`, e)), ...events.items.map((e) => json(`event ${e.metadata?.namespace ?? ''}/${e.metadata?.name ?? ''}`, e)));
    for (const type of [WORKSPACE_NETWORKS, PROJECT_NETWORKS, PROJECT_CONNECTIONS, CORE.namespaces]) {
      for (const object of (await admin.list<KubeObject>(type)).items) haystacks.push(json(`${type.plural}/${object.metadata?.name ?? ''}`, object));
    }
    haystacks.push(...sim.calls().map((c, i) => json(`cloud request ${i} ${c.action}`, c.params)));

    // The logs are real debug output, the statuses real failures: the search had something to search.
    const logText = captured.filter((h) => h.source.startsWith('stdout') || h.source.startsWith('stderr')).map((h) => h.text).join('\n');
    expect(logText).toContain('"level":"debug"');
    expect(logText).toContain('AuthFailure');
    expect(haystacks.filter((h) => h.source.startsWith('projectnetworks/')).map((h) => h.text).join()).toContain('AuthFailure');
    // Positive control: the Secret itself holds the key base64-encoded, and the search finds it.
    const secret = await admin.get<KubeObject>(CORE.secrets, CREDENTIALS, NAMESPACE);
    expect(findSecretLeaks([json('the Secret', secret)], WRONG_KEY).map((l) => l.form)).toContain('base64');

    const leaks = [...findSecretLeaks(haystacks, SECRET_KEY), ...findSecretLeaks(haystacks, WRONG_KEY)];
    const greps = haystacks.length * (secretForms(SECRET_KEY).length + secretForms(WRONG_KEY).length);
    const bytes = haystacks.reduce((n, h) => n + h.text.length, 0);
    process.stderr.write(`[resilience-secrets] haystacks ${haystacks.length} (${bytes} bytes: logs, ${events.items.length} events, CRs, namespaces, /metrics, cloud requests), greps ${greps}, violations ${leaks.length}\n`);
    expect(leaks).toEqual([]);
    // The failures were reported as Events too (else searching Events proves nothing).
    const authEvents = events.items.filter((e) => (e as KubeObject & { reason?: string }).reason === 'AuthFailure');
    expect(authEvents.length).toBeGreaterThan(0);
  });
});
