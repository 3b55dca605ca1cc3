// The pod webhook end to end: the apiserver calls it over TLS on loopback (caBundle set by the
// webhook's certificate manager), and pods come back from the apiserver stamped with their project's
// limit (workspace default, project override), tenant values above it capped, attribution added;
// pods in unmanaged namespaces come back untouched. Calico IPAM overrides (another project's pool, a
// fixed address) are removed from pods of projects. A changed limit is announced with an Event that
// counts the running pods still carrying the old one.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { Controller } from '../../src/kube/controller.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { silentLogger } from '../../src/util/logger.js';
import { createBandwidthChangeController } from '../../src/controller/bandwidth/changes.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, type MutatingWebhookConfiguration } from '../../src/webhook/webhook-configuration.js';
import { eventually } from '../support/eventually.js';
import { startWebhookEnv, type WebhookEnv } from '../support/webhook-env.js';

const id = `whm${Date.now().toString(36).slice(-5)}`;
const WS = `${id}-ws`;
const P1 = `${id}-p1`;
const P2 = `${id}-p2`;
const OTHER = `${id}-other`;

const K8S_IN = 'kubernetes.io/ingress-bandwidth';
const K8S_OUT = 'kubernetes.io/egress-bandwidth';
const CALICO_IN = 'qos.projectcalico.org/ingressBandwidth';
const CALICO_OUT = 'qos.projectcalico.org/egressBandwidth';

type Pjn = KubeObject & { spec: { bandwidth?: Record<string, string> }; status?: { subnetId?: string; vpcId?: string } };

describe('pod mutation webhook', () => {
  let env: WebhookEnv;
  let bandwidthEvents: Controller;

  beforeAll(async () => {
    env = await startWebhookEnv(id);
    bandwidthEvents = createBandwidthChangeController({ caches: env.core.app.caches, client: env.core.admin, events: env.core.app.events, annotationSets: ['kubernetes', 'calico'], log: silentLogger() });
    bandwidthEvents.start();
    await env.createProject(WS, P1, { ingress: '100M', egress: '50M' });
    await env.createProject(WS, P2);
    await env.core.admin.mergePatch(PROJECT_NETWORKS, P2, { spec: { bandwidth: { egress: '10M' } } });
    await eventually(() => { expect(env.core.app.caches.projectNetworks.get(P2)?.spec.bandwidth).toEqual({ egress: '10M' }); });
    await env.createUnmanagedNamespace(OTHER);
  }, 90_000);

  afterAll(async () => {
    await bandwidthEvents.stop(1000);
    await env.stop();
  }, 60_000);

  it('has its CA in the configuration it is called through', async () => {
    const config = await env.core.admin.get<MutatingWebhookConfiguration>(MUTATING_WEBHOOK_CONFIGURATIONS, env.configurationName);
    const caBundle = (config.webhooks[0]?.clientConfig as { caBundle?: string }).caBundle ?? '';
    expect(Buffer.from(caBundle, 'base64').toString()).toContain('BEGIN CERTIFICATE');
  });

  it('stamps the workspace limit in both annotation sets, plus attribution', async () => {
    const pod = await env.createPod(P1, 'plain');
    const pjn = await env.core.admin.get<Pjn>(PROJECT_NETWORKS, P1);
    expect(pod.metadata?.annotations).toEqual({
      [K8S_IN]: '100M', [K8S_OUT]: '50M', [CALICO_IN]: '100M', [CALICO_OUT]: '50M',
      'sdn.kubesphere.io/vpc-id': pjn.status?.vpcId, 'sdn.kubesphere.io/subnet-id': pjn.status?.subnetId,
    });
    expect(pod.metadata?.labels).toEqual({ 'sdn.kubesphere.io/workspace': WS, 'sdn.kubesphere.io/project': P1 });
  });

  it('applies a project override per direction', async () => {
    const pod = await env.createPod(P2, 'override');
    expect(pod.metadata?.annotations).toMatchObject({ [K8S_IN]: '100M', [K8S_OUT]: '10M', [CALICO_OUT]: '10M' });
  });

  it("caps a tenant's higher value and keeps a lower one", async () => {
    const greedy = await env.createPod(P1, 'greedy', { [K8S_IN]: '10G', [CALICO_OUT]: '1G' }, { metadata: { labels: { 'sdn.kubesphere.io/workspace': 'forged' } } });
    expect(greedy.metadata?.annotations).toMatchObject({ [K8S_IN]: '100M', [CALICO_IN]: '100M', [K8S_OUT]: '50M', [CALICO_OUT]: '50M' });
    expect(greedy.metadata?.labels?.['sdn.kubesphere.io/workspace']).toBe(WS);
    const modest = await env.createPod(P1, 'modest', { [K8S_IN]: '5M' });
    expect(modest.metadata?.annotations).toMatchObject({ [K8S_IN]: '5M', [CALICO_IN]: '5M', [K8S_OUT]: '50M' });
    const text = await env.registry.metrics();
    expect(text).toMatch(/tenant_network_webhook_capped_total\{direction="ingress"\} [1-9]/);
    expect(text).toMatch(/tenant_network_webhook_requests_total\{webhook="\/mutate-pods",outcome="patched"\} [1-9]/);
  });

  it("removes a pod's Calico pool and address overrides, so the namespace's own pool applies", async () => {
    const squatter = await env.createPod(P1, 'squatter', {
      'cni.projectcalico.org/ipv4pools': `["tnc-${P2}"]`,
      'cni.projectcalico.org/ipAddrs': '["10.200.0.7"]',
      'cni.projectcalico.org/floatingIPs': '["10.0.0.1"]',
      note: 'kept',
    });
    expect(Object.keys(squatter.metadata?.annotations ?? {}).filter((key) => key.startsWith('cni.projectcalico.org/'))).toEqual([]);
    expect(squatter.metadata?.annotations).toMatchObject({ note: 'kept', [K8S_IN]: '100M' });
    // Not one of the pods the limit-change test below counts.
    await env.core.admin.request('DELETE', `/api/v1/namespaces/${P1}/pods/squatter`, { query: { gracePeriodSeconds: 0 } });
    // Outside projects, Calico's own annotations are none of the webhook's business.
    const outside = await env.createPod(OTHER, 'pinned', { 'cni.projectcalico.org/ipv4pools': '["default-ipv4-ippool"]' });
    expect(outside.metadata?.annotations).toEqual({ 'cni.projectcalico.org/ipv4pools': '["default-ipv4-ippool"]' });
  });

  it('leaves a pod in an unmanaged namespace untouched', async () => {
    const pod = await env.createPod(OTHER, 'stranger', { [K8S_IN]: '10G' });
    expect(pod.metadata?.annotations).toEqual({ [K8S_IN]: '10G' });
    expect(pod.metadata?.labels).toBeUndefined();
  });

  it('gives new pods a changed limit and says how many running pods keep the old one', async () => {
    await env.core.admin.mergePatch(WORKSPACE_NETWORKS, WS, { spec: { bandwidth: { ingress: '200M', egress: '50M' } } });
    await eventually(() => { expect(env.core.app.caches.workspaceNetworks.get(WS)?.spec.bandwidth?.ingress).toBe('200M'); });
    const pod = await env.createPod(P1, 'after-change');
    expect(pod.metadata?.annotations).toMatchObject({ [K8S_IN]: '200M', [K8S_OUT]: '50M' });
    // P1 had plain and greedy at 100M (modest chose 5M, still under the limit); P2 had override at 100M.
    const notes = await eventually(async () => {
      const events = await env.core.admin.list<KubeObject & { reason?: string; note?: string; regarding?: { name?: string } }>(CORE.events, { namespace: 'default' });
      // Setting up the limits earlier was a change too; this test is about the move to 200M.
      const mine = events.items.filter((e) => e.reason === 'BandwidthChanged' && (e.regarding?.name === P1 || e.regarding?.name === P2) && e.note?.includes('ingress 100M → 200M') === true);
      expect(mine).toHaveLength(2);
      return new Map(mine.map((e) => [e.regarding?.name ?? '', e.note ?? '']));
    }, 20_000);
    expect(notes.get(P1)).toBe('bandwidth limit changed: ingress 100M → 200M, egress 50M (unchanged); new pods get the new limit, 2 existing pod(s) keep the old one until they are re-created');
    expect(notes.get(P2)).toContain('ingress 100M → 200M, egress 10M (unchanged); new pods get the new limit, 1 existing pod(s)');
  });
});
