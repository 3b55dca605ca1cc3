// Webhook latency figures (printed, not asserted): 1,000 AdmissionReviews posted straight to the
// webhook over one keep-alive TLS connection, with caches holding 1,000 projects; then 1,000 pod
// creations through the apiserver into a project (the apiserver calls the webhook) against 1,000
// into a namespace the webhook configuration does not select, which shows what the webhook adds.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { Agent, request } from 'undici';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { silentLogger } from '../../src/util/logger.js';
import { createAdmissionServer, type AdmissionServer } from '../../src/webhook/create-admission-server.js';
import { applyMetadataPatch } from '../../src/webhook/pod-mutation.test-support.js';
import type { ProjectNetworkEntry, ProjectSources, WorkspaceNetworkEntry } from '../../src/webhook/project-view.js';
import { admissionResponse, parseAdmissionReview } from '../../src/webhook/admission-review.js';
import { admitPod } from '../../src/webhook/pod-admission.js';
import { sharedCluster } from '../harness/shared.js';
import { freePort } from '../harness/ports.js';
import { startWebhookEnv, type WebhookEnv } from '../support/webhook-env.js';

const id = `whl${Date.now().toString(36).slice(-5)}`;
const REQUESTS = 1_000;

function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

const fmt = (ms: number): string => `${ms.toFixed(2)} ms`;

function syncedMap<T>(entries: [string, T][]): Map<string, T> & { hasSynced(): boolean } {
  return Object.assign(new Map(entries), { hasSynced: () => true });
}

/** The request handling without TLS and HTTP: JSON parse, review parse, decision, answer. */
function handlerOnly(sources: ProjectSources): { p50: number; p99: number; max: number } {
  const latencies: number[] = [];
  for (let i = 0; i < REQUESTS + 50; i++) {
    const text = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: `u${i}`, kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE', namespace: `p-${i % 1000}`, object: { metadata: { name: `x${i}`, annotations: { 'kubernetes.io/ingress-bandwidth': '1G' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } } } });
    const started = performance.now();
    const parsed = parseAdmissionReview(JSON.parse(text));
    if (!parsed.ok) throw new Error(parsed.message);
    const decision = admitPod(parsed.request, sources, { annotationSets: ['kubernetes', 'calico'] });
    JSON.stringify(admissionResponse(parsed.request.uid, { patch: decision.patch, warnings: decision.warnings }));
    if (i >= 50) latencies.push(performance.now() - started);
  }
  return percentiles(latencies);
}

describe('webhook latency', () => {
  describe('direct AdmissionReviews', () => {
    let admin: KubeClient;
    let server: AdmissionServer;
    let port: number;
    let projectsForBench: { projectNetworks: Map<string, ProjectNetworkEntry> & { hasSynced(): boolean }; workspaceNetworks: Map<string, WorkspaceNetworkEntry> & { hasSynced(): boolean } };
    const namespace = `${id}-direct`;

    beforeAll(async () => {
      admin = await KubeClient.fromKubeConfig(sharedCluster().adminKubeConfig());
      await admin.create(CORE.namespaces, { metadata: { name: namespace } });
      const workspaces: [string, WorkspaceNetworkEntry][] = Array.from({ length: 50 }, (_, w) => [`ws-${w}`, { spec: { workspace: `ws-${w}`, bandwidth: { ingress: '100M', egress: '50M' } }, status: { vpcId: `calico-ws-${w}` } }]);
      const projects: [string, ProjectNetworkEntry][] = Array.from({ length: 1000 }, (_, p) => [`p-${p}`, { spec: { workspace: `ws-${p % 50}`, ...(p % 3 === 0 ? { bandwidth: { egress: '10M' } } : {}) }, status: { subnetId: `tnc-p-${p}`, vpcId: `calico-ws-${p % 50}` } }]);
      port = await freePort();
      projectsForBench = { projectNetworks: syncedMap(projects), workspaceNetworks: syncedMap(workspaces) };
      server = createAdmissionServer({
        caches: projectsForBench,
        client: admin,
        config: { port, host: '127.0.0.1', annotationSets: ['kubernetes', 'calico'], certificates: { mode: 'self-signed', namespace, secretName: 'tls', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] } },
        log: silentLogger(),
        registry: new Registry(),
      });
      await server.start();
    }, 30_000);

    afterAll(async () => {
      await server.stop();
      await admin.delete(CORE.namespaces, namespace).catch(() => undefined);
      await admin.close();
    });

    it(`answers ${REQUESTS} requests over one TLS connection`, async () => {
      const ca = server.certificates.current()?.certPem;
      const secret = await admin.get<KubeObject & { data?: Record<string, string> }>(CORE.secrets, 'tls', namespace);
      const agent = new Agent({ connections: 1, connect: { ca: Buffer.from(secret.data?.['ca.crt'] ?? '', 'base64').toString() } });
      expect(ca).toBeDefined();
      const latencies: number[] = [];
      try {
        for (let i = 0; i < REQUESTS + 50; i++) {
          const annotations: Record<string, string> = i % 4 === 0 ? { 'kubernetes.io/ingress-bandwidth': '1G' } : { note: 'x' };
          const pod = { metadata: { name: `pod-${i}`, namespace: `p-${i % 1000}`, labels: { app: 'web' }, annotations }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
          const body = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: `uid-${i}`, kind: { group: '', version: 'v1', kind: 'Pod' }, resource: { group: '', version: 'v1', resource: 'pods' }, operation: 'CREATE', namespace: pod.metadata.namespace, object: pod } });
          const started = performance.now();
          const response = await request(`https://127.0.0.1:${port}/mutate-pods`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher: agent });
          const answer = await response.body.json() as { response: { uid: string; patch: string } };
          const elapsed = performance.now() - started;
          if (i >= 50) latencies.push(elapsed); // the first 50 warm up the JIT and the connection
          if (i === 60) {
            const patched = applyMetadataPatch(pod, JSON.parse(Buffer.from(answer.response.patch, 'base64').toString()) as Parameters<typeof applyMetadataPatch>[1]);
            expect(patched.metadata.annotations).toMatchObject({ 'qos.projectcalico.org/ingressBandwidth': '100M' });
          }
          expect(answer.response.uid).toBe(`uid-${i}`);
        }
      } finally {
        await agent.close();
      }
      const p = percentiles(latencies);
      const handler = handlerOnly(projectsForBench);
      process.stderr.write(`[webhook-latency] handler alone (parse, decide, answer; no network), ${REQUESTS} requests: p50 ${fmt(handler.p50)}, p99 ${fmt(handler.p99)}, max ${fmt(handler.max)}\n`);
      process.stderr.write(`[webhook-latency] direct, ${REQUESTS} requests, 1 keep-alive TLS connection: p50 ${fmt(p.p50)}, p99 ${fmt(p.p99)}, max ${fmt(p.max)}\n`);
      expect(latencies).toHaveLength(REQUESTS);
    }, 120_000);
  });

  describe('through the apiserver', () => {
    let env: WebhookEnv;
    const PROJECT = `${id}-p1`;
    const PLAIN = `${id}-plain`;

    beforeAll(async () => {
      env = await startWebhookEnv(id);
      await env.createProject(`${id}-ws`, PROJECT, { ingress: '100M', egress: '50M' });
      // Not selected by the webhook configuration (no sdn.kubesphere.io/workspace label): the baseline.
      await env.core.admin.create(CORE.namespaces, { metadata: { name: PLAIN } });
    }, 90_000);

    afterAll(async () => {
      // Pods never run here (no kubelet); delete them so the shared apiserver stays lean.
      for (const ns of [PROJECT, PLAIN]) await env.core.admin.request('DELETE', `/api/v1/namespaces/${ns}/pods`, { query: { gracePeriodSeconds: 0 } }).catch(() => undefined);
      await env.core.admin.delete(CORE.namespaces, PLAIN).catch(() => undefined);
      await env.stop();
    }, 120_000);

    it(`creates ${REQUESTS} pods with and without the webhook`, async () => {
      const timed = async (namespace: string): Promise<number[]> => {
        const latencies: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const started = performance.now();
          const pod = await env.core.admin.create<KubeObject>(CORE.pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `bench-${i}`, namespace }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } } as KubeObject);
          latencies.push(performance.now() - started);
          if (namespace === PROJECT) expect(pod.metadata?.annotations?.['kubernetes.io/ingress-bandwidth']).toBe('100M');
        }
        return latencies;
      };
      const withWebhook = percentiles(await timed(PROJECT));
      const without = percentiles(await timed(PLAIN));
      process.stderr.write(`[webhook-latency] pod create through the apiserver, ${REQUESTS} each: with webhook p50 ${fmt(withWebhook.p50)}, p99 ${fmt(withWebhook.p99)}; without p50 ${fmt(without.p50)}, p99 ${fmt(without.p99)}\n`);
    }, 300_000);
  });
});
