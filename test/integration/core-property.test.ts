// Property test through the real apiserver: random topologies (workspaces with Allow/Deny, projects
// isolated by spec or by KubeSphere's annotation, one-way and two-way connections with and without
// ports, system and unmanaged namespaces) are created as Kubernetes objects; once the controller
// has converged, the NetworkPolicies it actually wrote are evaluated for every pair of namespaces
// and compared, cell for cell, with the oracle (docs/connectivity.md). Fixed seed, so a failure
// reproduces.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { isAllowed, type ConnectionModel, type ConnectivityInput, type ProjectModel, type WorkspaceModel } from '../../src/policy/index.js';
import { createNamespace, createWorkspace, SYSTEM_NAMESPACES, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { createEvaluator } from '../support/netpol/index.js';

const SEED = 20261126;
const ROUNDS = 6;
const PORTS = [80, 443, 5432];

/** mulberry32: small, seedable, good enough to pick topologies. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Round {
  readonly input: ConnectivityInput;
  readonly isolatedByAnnotation: ReadonlySet<string>;
  readonly unmanaged: readonly string[];
}

function randomRound(round: number, random: () => number): Round {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const workspaces: WorkspaceModel[] = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => ({ name: `r${round}-w${i}`, intraWorkspace: random() < 0.7 ? 'Allow' : 'Deny' }));
  const projects: ProjectModel[] = [];
  const isolatedByAnnotation = new Set<string>();
  for (const ws of workspaces) {
    for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
      const name = `${ws.name}-p${i}`;
      const isolated = random() < 0.3;
      if (isolated && random() < 0.5) isolatedByAnnotation.add(name);
      projects.push({ name, workspace: ws.name, isolated, uid: '' });
    }
  }
  const connections: ConnectionModel[] = [];
  const wanted = Math.floor(random() * 4);
  for (let i = 0; i < wanted && projects.length > 1; i++) {
    const from = pick(projects).name;
    const to = pick(projects.filter((p) => p.name !== from)).name;
    const ports = random() < 0.5 ? undefined : [{ protocol: 'TCP' as const, port: pick(PORTS) }];
    connections.push({ name: `r${round}-c${i}`, from, to, bidirectional: random() < 0.5, ...(ports === undefined ? {} : { ports }) });
  }
  return {
    input: { workspaces, projects, connections, config: { systemNamespaces: SYSTEM_NAMESPACES, allowedIngressCIDRs: [], allowedIngressNamespaces: [], podCidrs: [] } },
    isolatedByAnnotation,
    unmanaged: [`r${round}-other`],
  };
}

async function createRound(env: CoreEnv, round: Round): Promise<void> {
  const { input } = round;
  for (const ws of input.workspaces) {
    if (ws.intraWorkspace === 'Deny') {
      // Created ahead of the workspace: the controller adopts it when the workspace appears.
      await env.admin.create(WORKSPACE_NETWORKS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'WorkspaceNetwork', metadata: { name: ws.name }, spec: { workspace: ws.name, intraWorkspace: 'Deny' } } as KubeObject);
    }
    await createWorkspace(env.admin, ws.name);
  }
  for (const p of input.projects) {
    if (p.isolated && !round.isolatedByAnnotation.has(p.name)) {
      await env.admin.create(PROJECT_NETWORKS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectNetwork', metadata: { name: p.name }, spec: { workspace: p.workspace, isolation: 'Isolated' } } as KubeObject);
    }
    await createNamespace(env.admin, p.name, p.workspace, round.isolatedByAnnotation.has(p.name) ? { 'kubesphere.io/network-isolate': 'enabled' } : {});
  }
  for (const ns of round.unmanaged) await createNamespace(env.admin, ns);
  for (const c of input.connections) {
    await env.admin.create(PROJECT_CONNECTIONS, { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectConnection', metadata: { name: c.name }, spec: { from: { project: c.from }, to: { project: c.to }, bidirectional: c.bidirectional, ...(c.ports === undefined ? {} : { ports: c.ports }) } } as KubeObject);
  }
}

describe('reachability written by the controller equals the table of docs/connectivity.md', () => {
  let env: CoreEnv;
  beforeAll(async () => {
    env = await startCoreEnv();
    for (const ns of SYSTEM_NAMESPACES) await env.admin.create(CORE.namespaces, { metadata: { name: ns } }).catch(() => undefined);
  }, 60_000);
  afterAll(async () => { await env.stop(); });

  it(`holds for ${ROUNDS} random topologies (seed ${SEED})`, async () => {
    const random = rng(SEED);
    let cells = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const round = randomRound(r, random);
      await createRound(env, round);
      const names = [...round.input.projects.map((p) => p.name), ...round.unmanaged, 'kube-system'];
      await eventually(async () => {
        for (const p of round.input.projects) expect((await env.admin.get<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS, p.name)).status?.phase).toBe('Ready');
      }, 30_000);
      const podCidrs = [...env.app.ipam.pool.ranges];
      const oracleInput: ConnectivityInput = { ...round.input, config: { ...round.input.config, podCidrs } };
      // Converged when the written policies give the oracle's answer everywhere (policies may still be catching up).
      await eventually(async () => {
        const namespaces = (await env.admin.list<KubeObject>(CORE.namespaces)).items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} }));
        const policies = (await env.admin.list<KubeObject>(CORE.networkPolicies)).items as unknown as V1NetworkPolicy[];
        const evaluator = createEvaluator({ namespaces, policies });
        if (!evaluator.ok) throw new Error(evaluator.problems.join('; '));
        const mismatches: string[] = [];
        for (const from of names) {
          for (const to of names) {
            for (const port of PORTS) {
              const verdict = evaluator.evaluator.evaluate({ kind: 'pod', namespace: from, labels: {} }, { kind: 'pod', namespace: to, labels: {} }, { protocol: 'TCP', port });
              const expected = isAllowed(oracleInput, { namespace: from }, { namespace: to }, { protocol: 'TCP', port });
              if (verdict.kind !== 'decided' || verdict.allowed !== expected) mismatches.push(`${from}->${to}:${port} expected ${expected}`);
            }
          }
        }
        expect(mismatches).toEqual([]);
      }, 20_000, 200);
      cells += names.length * names.length * PORTS.length;
    }
    process.stderr.write(`[property] ${ROUNDS} topologies, ${cells} cells checked against the oracle\n`);
  }, 240_000);
});
