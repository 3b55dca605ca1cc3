// Used addresses per project with the Calico provider on a real apiserver: IPAMBlocks written as
// Calico IPAM writes them are counted into ProjectNetwork.status.usedAddresses (and the printer
// column and the gauge), a round where nothing changed writes nothing, and a change is written once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { CALICO_IPAMBLOCKS, PROJECT_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { resourcePath } from '../../src/kube/resource.js';
import { createNamespace, createWorkspace, isWrite, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';

type Pjn = ProjectNetwork & KubeObject;
const PERIOD_MS = 300;

describe('used addresses with Calico', () => {
  const run = randomBytes(3).toString('hex');
  const workspace = `used${run}`;
  const project = `used${run}-a`;
  let env: CoreEnv;

  beforeAll(async () => {
    env = await startCoreEnv({}, { addresses: { periodMs: PERIOD_MS } });
  }, 60_000);

  afterAll(async () => {
    await env.stop();
  });

  /** An IPAMBlock as Calico IPAM writes one: `used` of its 16 addresses allocated. */
  const block = (cidr: string, used: number): KubeObject => ({
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPAMBlock',
    metadata: { name: `${run}-${cidr.replace(/[./]/g, '-')}` },
    spec: {
      cidr,
      affinity: 'host:node-1',
      allocations: Array.from({ length: 16 }, (_, i) => (i < used ? i : null)),
      attributes: Array.from({ length: used }, (_, i) => ({ handle_id: `k8s-pod-network.${String(i)}`, secondary: { namespace: project, pod: `p${String(i)}`, node: 'node-1' } })),
      unallocated: Array.from({ length: 16 - used }, (_, i) => used + i),
      sequenceNumber: 1,
      strictAffinity: false,
    },
  } as KubeObject);

  it('counts the blocks of the project pool into status, the printer column and the gauge, writing only changes', async () => {
    await createWorkspace(env.admin, workspace);
    await createNamespace(env.admin, project, workspace);
    const ready = await eventually(async () => {
      const pjn = await env.admin.get<Pjn>(PROJECT_NETWORKS, project);
      expect(pjn.status?.phase).toBe('Ready');
      return pjn;
    }, 20_000);
    const subnet = ready.status?.cidr ?? '';
    const base = subnet.replace(/\.0\/\d+$/, '');
    // Nothing in use yet: no figure written.
    await new Promise((r) => setTimeout(r, 3 * PERIOD_MS));
    expect((await env.admin.get<Pjn>(PROJECT_NETWORKS, project)).status?.usedAddresses).toBeUndefined();

    await env.admin.create(CALICO_IPAMBLOCKS, block(`${base}.0/28`, 3));
    await env.admin.create(CALICO_IPAMBLOCKS, block(`${base}.16/28`, 2));
    await env.admin.create(CALICO_IPAMBLOCKS, block('10.250.0.0/28', 9)); // another pool's block
    await eventually(async () => { expect((await env.admin.get<Pjn>(PROJECT_NETWORKS, project)).status?.usedAddresses).toBe(5); }, 10_000);

    const table = await env.admin.request<{ columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] }>('GET', resourcePath(PROJECT_NETWORKS, { name: project }), { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    const used = table.columnDefinitions.findIndex((c) => c.name === 'Used');
    expect(table.rows[0]?.cells[used]).toBe(5);
    expect(await env.app.registry.metrics()).toContain(`tenant_network_project_addresses_used{workspace="${workspace}",project="${project}"} 5`);

    // Rounds that find the same figure write nothing.
    const before = env.requests.length;
    await new Promise((r) => setTimeout(r, 5 * PERIOD_MS));
    const statusWrites = (): number => env.requests.slice(before).filter((r) => isWrite(r) && r.path.includes(`/projectnetworks/${project}/status`)).length;
    expect(statusWrites()).toBe(0);
    expect(env.requests.slice(before).filter((r) => r.path.includes('/ipamblocks')).length).toBeGreaterThanOrEqual(3);

    await env.admin.delete(CALICO_IPAMBLOCKS, `${run}-${base.replace(/\./g, '-')}-16-28`);
    await eventually(async () => { expect((await env.admin.get<Pjn>(PROJECT_NETWORKS, project)).status?.usedAddresses).toBe(3); }, 10_000);
    await new Promise((r) => setTimeout(r, 3 * PERIOD_MS));
    expect(statusWrites()).toBe(1);
  });
});
