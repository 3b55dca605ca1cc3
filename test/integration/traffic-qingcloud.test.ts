// The QingCloud traffic path: the controller runs against the QingCloud API simulator; the leader's
// sampler asks the provider, which reads each project's vxnet meter on its router with GetMonitor,
// and the figures become metrics and status.traffic. Router meters are from the router's side:
// what the router sends into the vxnet is the project's ingress.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { createTrafficSampler, type TrafficSampler } from '../../src/controller/traffic/sampler.js';
import { providerTrafficSource } from '../../src/metrics/traffic-source.js';
import { silentLogger } from '../../src/util/logger.js';
import { eventually } from '../support/eventually.js';
import { createTenants, forceRemoveTenants, startQingCloudEnv, tenants, waitAllReady, type QingCloudEnv } from '../support/qingcloud-env.js';

type Pjn = ProjectNetwork & KubeObject;

describe('traffic from QingCloud GetMonitor (simulator)', () => {
  const t = tenants('qc-traffic', 1, 2);
  let env: QingCloudEnv;
  let sampler: TrafficSampler;
  const rates = new Map<string, { in: number; out: number }>();

  beforeAll(async () => {
    env = await startQingCloudEnv('qc-traffic', { monitorNoise: { naRate: 0, gapRate: 0 } });
    await env.startController();
    await createTenants(env.admin, t);
    const provisioned = await waitAllReady(env.admin, t, 60_000);
    t.allProjects.forEach((project, i) => {
      const vxnetId = provisioned.projects.get(project)?.status?.subnetId ?? '';
      const vxnet = env.sim.world.vxnets.get(vxnetId);
      if (vxnet?.join === undefined) throw new Error(`${project}: vxnet ${vxnetId} is not joined`);
      // Joined an hour ago, so the 5-minute meter already has points.
      vxnet.join = { ...vxnet.join, joinedAtMs: Date.now() - 3_600_000 };
      const rate = { in: 1000 * (i + 1), out: 300 * (i + 1) };
      env.sim.setTraffic(vxnetId, rate);
      rates.set(project, rate);
    });
  }, 90_000);

  afterAll(async () => {
    await sampler.controller.stop(1000);
    await forceRemoveTenants(env.admin, t);
    await env.stop();
  }, 60_000);

  it('samples every project with one GetMonitor call per router and writes metrics and status', async () => {
    const controller = env.controller;
    if (controller === undefined) throw new Error('controller not started');
    const source = providerTrafficSource(controller.provider);
    if (source === undefined) throw new Error('the QingCloud provider reports traffic');
    const monitorCallsBefore = env.sim.callCounts().GetMonitor ?? 0;
    sampler = createTrafficSampler({ source, caches: controller.app.caches, client: env.admin, registry: controller.registry, log: silentLogger(), periodMs: 60_000 });
    sampler.controller.start();
    for (const project of t.allProjects) {
      const rate = rates.get(project);
      const pjn = await eventually(async () => {
        const current = await env.admin.get<Pjn>(PROJECT_NETWORKS, project);
        expect(current.status?.traffic).toBeDefined();
        return current;
      }, 20_000, 250);
      expect(pjn.status?.traffic).toMatchObject({ ingressBytesPerSecond: rate?.out, egressBytesPerSecond: rate?.in });
    }
    expect((env.sim.callCounts().GetMonitor ?? 0) - monitorCallsBefore).toBe(1);
    const text = await controller.registry.metrics();
    const [p1, p2] = t.allProjects;
    const ws = t.workspaces[0] ?? '';
    expect(text).toContain(`tenant_network_project_traffic_bytes_per_second{workspace="${ws}",project="${p1 ?? ''}",direction="ingress"} 300`);
    expect(text).toContain(`tenant_network_project_traffic_bytes_per_second{workspace="${ws}",project="${p2 ?? ''}",direction="egress"} 2000`);
    expect(text).toContain(`tenant_network_workspace_traffic_bytes_per_second{workspace="${ws}",direction="ingress"} 900`);
    expect(text).toContain(`tenant_network_traffic_samples_total{source="provider:qingcloud",outcome="success"} 1`);
  }, 60_000);
});
