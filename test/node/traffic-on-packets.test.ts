// Traffic figures from real counters: Debian's Prometheus scrapes the node's kubelet (cAdvisor's
// per-pod interface counters), the controller samples it through its Prometheus traffic source, and
// a known transfer between two projects' pods (iperf3, paced) shows up as the projects' bytes per
// second and in their cumulative byte counters, within 20% of what iperf3 moved; status.traffic
// agrees with the gauges.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KUBESPHERE_WORKSPACES, PROJECT_NETWORKS } from '../../src/api/resources.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { issueCertificate, loadCertificateAuthority } from '../../src/pki/certificates.js';
import { runCommand } from '../harness/node/node-cluster.js';
import { sharedNode } from '../harness/node/shared-node.js';
import { createWorkspace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { startNodeController, type NodeController } from '../support/node/node-controller.js';
import { createPodWhenAdmitted, probePodManifest, waitForPodEndpoint, type ProbeEndpoint } from '../support/node/probe-pods.js';
import { startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';

const WS = 'traffic';
const SENDER = 'traffic-a';
const RECEIVER = 'traffic-b';
const PROMETHEUS_USER = 'tnc-test-prometheus';
const PERIOD_SECONDS = 10;
/**
 * cAdvisor refreshes a container's counters every 10-15 s (its housekeeping) and exports them with
 * that time: a rate needs a window holding at least two refreshes.
 */
const RATE_WINDOW_SECONDS = 30;
/** The transfer: long enough that a sample's whole window falls inside it. */
const TRANSFER_SECONDS = 60;
const TRANSFER_BITS_PER_SECOND = 16_000_000;

const CLUSTER_ROLES: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false };
const CLUSTER_ROLE_BINDINGS: ResourceType = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false };

type Pjn = KubeObject & { status?: { traffic?: { ingressBytesPerSecond: number; egressBytesPerSecond: number; sampledAt: string } } };

/** One series of the controller's /metrics, by its labels. */
function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('traffic figures from real counters on a real node', () => {
  const { access, node } = sharedNode();
  let admin: KubeClient;
  let controller: NodeController | undefined;
  let prometheus: PrometheusServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'tnc-traffic-'));
  const figures: string[] = [];
  let sender: ProbeEndpoint;
  let receiver: ProbeEndpoint;

  const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${controller?.probePort ?? 0}/metrics`)).text();

  beforeAll(async () => {
    admin = await KubeClient.fromKubeConfig(access.adminKubeConfig());
    // Prometheus reads the kubelet's cAdvisor endpoint with a client certificate of its own,
    // authorized like any other user (the kubelet asks the apiserver).
    await admin.create(CLUSTER_ROLES, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: PROMETHEUS_USER }, rules: [{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }] } as KubeObject);
    await admin.create(CLUSTER_ROLE_BINDINGS, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: PROMETHEUS_USER },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PROMETHEUS_USER },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: PROMETHEUS_USER }],
    } as KubeObject);
    const ca = await loadCertificateAuthority(access.state.clientCaCertPem, access.state.clientCaKeyPem);
    const cert = await issueCertificate(ca, { commonName: PROMETHEUS_USER, usage: 'client', validityMs: 24 * 3600 * 1000 });
    writeFileSync(join(dir, 'client.crt'), cert.certPem);
    writeFileSync(join(dir, 'client.key'), cert.keyPem, { mode: 0o600 });
    prometheus = await startPrometheus([], 2, [
      '  - job_name: kubelet-cadvisor',
      '    scheme: https',
      '    metrics_path: /metrics/cadvisor',
      '    tls_config:',
      // The kubelet's serving certificate is self-signed, as on most clusters.
      '      insecure_skip_verify: true',
      `      cert_file: ${join(dir, 'client.crt')}`,
      `      key_file: ${join(dir, 'client.key')}`,
      '    static_configs:',
      `      - targets: ['${node.nodeIp}:10250']`,
    ]);

    controller = await startNodeController(access, node, {
      config: {
        traffic: {
          enabled: true,
          prometheusUrl: prometheus.url,
          periodSeconds: PERIOD_SECONDS,
          ingressQuery: `sum by (namespace) (rate(container_network_receive_bytes_total[${RATE_WINDOW_SECONDS}s]))`,
          egressQuery: `sum by (namespace) (rate(container_network_transmit_bytes_total[${RATE_WINDOW_SECONDS}s]))`,
        },
      },
    });
    await createWorkspace(admin, WS);
    for (const ns of [SENDER, RECEIVER]) await admin.create(CORE.namespaces, { metadata: { name: ns, labels: { 'kubesphere.io/workspace': WS } } });
    for (const ns of [SENDER, RECEIVER]) await createPodWhenAdmitted(admin, probePodManifest(ns, { name: 'iperf' }));
    sender = await waitForPodEndpoint(admin, node, SENDER, 'iperf');
    receiver = await waitForPodEndpoint(admin, node, RECEIVER, 'iperf');
    // Sampled at least twice before the transfer, so its counters are running.
    await eventually(async () => {
      const text = await metrics();
      for (const project of [SENDER, RECEIVER]) expect(metricValue(text, 'tenant_network_project_traffic_bytes_total', { project, direction: 'egress' })).toEqual(expect.any(Number));
    }, 120_000, 1000);
  }, 300_000);

  afterAll(async () => {
    await controller?.stop();
    await prometheus?.stop();
    for (const ns of [SENDER, RECEIVER]) await admin.delete(CORE.namespaces, ns).catch(() => undefined);
    await admin.delete(KUBESPHERE_WORKSPACES, WS).catch(() => undefined);
    await admin.delete(CLUSTER_ROLE_BINDINGS, PROMETHEUS_USER).catch(() => undefined);
    await admin.delete(CLUSTER_ROLES, PROMETHEUS_USER).catch(() => undefined);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`traffic from real counters:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
  }, 120_000);

  it('reports a known transfer as bytes per second and cumulative bytes, within 20%', async () => {
    const counter = async (project: string, direction: string): Promise<number> => metricValue(await metrics(), 'tenant_network_project_traffic_bytes_total', { project, direction }) ?? Number.NaN;
    const before = { sent: await counter(SENDER, 'egress'), received: await counter(RECEIVER, 'ingress') };
    const rates: number[] = [];
    const watch = setInterval(() => {
      void metrics().then((text) => {
        const rate = metricValue(text, 'tenant_network_project_traffic_bytes_per_second', { project: SENDER, direction: 'egress' });
        if (rate !== undefined) rates.push(rate);
      }, () => undefined);
    }, 2000);
    const server = runCommand('nsenter', [`--net=${receiver.netns}`, '--', 'iperf3', '-s', '-1', '-p', '5202'], { timeoutMs: (TRANSFER_SECONDS + 60) * 1000 });
    let moved: number;
    try {
      const report = await eventually(() => runCommand('nsenter', [`--net=${sender.netns}`, '--', 'iperf3', '-c', receiver.ip, '-p', '5202', '-J', '-t', String(TRANSFER_SECONDS), '-b', String(TRANSFER_BITS_PER_SECOND)], { timeoutMs: (TRANSFER_SECONDS + 30) * 1000 }), 10_000, 300);
      moved = (JSON.parse(report) as { end: { sum_sent: { bytes: number } } }).end.sum_sent.bytes;
      await server;
      // The rate window and two sampling periods, so the transfer's tail is in the counters.
      await new Promise((resolve) => setTimeout(resolve, (RATE_WINDOW_SECONDS + 2 * PERIOD_SECONDS + 5) * 1000));
    } finally {
      clearInterval(watch);
    }
    const sent = (await counter(SENDER, 'egress')) - before.sent;
    const received = (await counter(RECEIVER, 'ingress')) - before.received;
    const expectedRate = moved / TRANSFER_SECONDS;
    const peak = Math.max(...rates);
    figures.push(`iperf3 moved ${(moved / 1e6).toFixed(1)} MB in ${TRANSFER_SECONDS} s (${(expectedRate / 1e6).toFixed(2)} MB/s); counters: ${SENDER} egress ${(sent / 1e6).toFixed(1)} MB, ${RECEIVER} ingress ${(received / 1e6).toFixed(1)} MB; peak sampled rate ${(peak / 1e6).toFixed(2)} MB/s`);
    // Interface bytes include TCP/IP headers (a few %), so the counters run a little above the payload.
    for (const bytes of [sent, received]) expect(Math.abs(bytes / moved - 1)).toBeLessThan(0.2);
    expect(Math.abs(peak / expectedRate - 1)).toBeLessThan(0.2);
  }, 300_000);

  it('writes status.traffic with the figures the gauges show', async () => {
    await eventually(async () => {
      const text = await metrics();
      const pjn = await admin.get<Pjn>(PROJECT_NETWORKS, SENDER);
      const gauge = metricValue(text, 'tenant_network_project_traffic_bytes_per_second', { project: SENDER, direction: 'ingress' });
      const status = pjn.status?.traffic?.ingressBytesPerSecond;
      expect(status).toEqual(expect.any(Number));
      expect(Math.abs((status ?? 0) - Math.round(gauge ?? Number.NaN))).toBeLessThanOrEqual(1);
    }, 60_000, 1000);
  }, 90_000);
});
