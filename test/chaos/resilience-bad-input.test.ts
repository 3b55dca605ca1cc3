// Resilience against bad input (issue #10), beyond test/integration/core-bad-input.test.ts: a table
// of malformed and hostile objects on a private apiserver. Each row is either rejected by the
// apiserver (the CRD schema; the message names the field) or reaches the controller and ends
// Ready=False with a specific reason and a Warning Event — or, for namespaces, is served or ignored
// as docs/architecture.md says. Meanwhile healthy tenants created alongside keep converging;
// afterwards the controller has not crashed, still provisions a new project, and no two projects
// (or workspaces) share addresses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALICO_IPPOOLS, KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { isNotFound } from '../../src/kube/api-error.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE, type ResourceType } from '../../src/kube/resource.js';
import { describeOutcome, expectAccepted, expectRejected, outcomeOf, runAttempts, type AttemptOutcome, type AttemptRow } from '../support/chaos-tenant/attempts.js';
import { findOverlaps } from '../support/chaos-tenant/overlaps.js';
import { startPrivateEnv, type PrivateEnv } from '../support/chaos-tenant/private-env.js';
import { createNamespace, createWorkspace, deleteNamespace } from '../support/core-env.js';
import { recordCompatTable, serverVersion } from '../support/compat-table.js';
import { eventually } from '../support/eventually.js';

const GROUP = 'sdn.kubesphere.io/v1alpha1';
const CONVERGE_MS = 40_000;

interface Condition { type: string; status: string; reason: string; message: string }
type Cr = KubeObject & { spec?: Record<string, unknown>; status?: { phase?: string; cidr?: string; conditions?: Condition[] } };
type Event = KubeObject & { reason?: string; type?: string; regarding?: { kind?: string; name?: string } };

const wsn = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: GROUP, kind: 'WorkspaceNetwork', metadata: { name }, spec: { workspace: name, ...spec } } as KubeObject);
const pjn = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: GROUP, kind: 'ProjectNetwork', metadata: { name }, spec: { workspace: 'w', ...spec } } as KubeObject);
const pjc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: GROUP, kind: 'ProjectConnection', metadata: { name }, spec: { from: { project: 'a' }, to: { project: 'b' }, ...spec } } as KubeObject);
const long = (length: number, seed = 'x'): string => `${seed}${'a'.repeat(length - seed.length - 1)}z`;

describe('resilience: bad input', () => {
  let env: PrivateEnv;
  let version = '';
  let rowsTried = 0;
  const violations: string[] = [];
  const healthy = { workspaces: ['fine-1', 'fine-2', 'fine-3'], projects: ['fine-1-a', 'fine-1-b', 'fine-2-a', 'fine-2-b', 'fine-3-a', 'fine-3-b'] };

  const get = (type: ResourceType, name: string): Promise<Cr> => env.admin.get<Cr>(type, name);
  const ready = async (type: ResourceType, name: string): Promise<Cr> => eventually(async () => {
    const object = await get(type, name);
    expect({ name, phase: object.status?.phase }).toEqual({ name, phase: 'Ready' });
    return object;
  }, CONVERGE_MS, 200);
  const readyCondition = async (type: ResourceType, name: string): Promise<Condition | undefined> => (await get(type, name)).status?.conditions?.find((c) => c.type === 'Ready');
  const warningReasons = async (kind: string, name: string): Promise<string[]> => {
    const events = await env.admin.list<Event>(CORE.events);
    return events.items.filter((e) => e.type === 'Warning' && e.regarding?.kind === kind && e.regarding.name === name).map((e) => e.reason ?? '');
  };
  /** Ready=False with `reason` (and a message containing `mentions`) and a Warning Event of that reason. */
  const expectNotReady = async (type: ResourceType, name: string, reason: string, mentions?: string): Promise<void> => {
    await eventually(async () => {
      const ready = await readyCondition(type, name);
      expect({ name, status: ready?.status, reason: ready?.reason }).toEqual({ name, status: 'False', reason });
      if (mentions !== undefined) expect(ready?.message).toContain(mentions);
      expect(await warningReasons(type.kind, name)).toContain(reason);
    }, CONVERGE_MS, 200);
  };
  const table = new Map<string, AttemptOutcome>();
  const record = (report: { tried: number; outcomes: ReadonlyMap<string, AttemptOutcome>; violations: readonly string[] }): void => {
    for (const [name, outcome] of report.outcomes) table.set(name, outcome);
    rowsTried += report.tried;
    violations.push(...report.violations);
  };

  beforeAll(async () => {
    env = await startPrivateEnv();
    version = await serverVersion(env.admin);
    // Healthy tenants first: they are provisioned while the table runs and must all converge.
    for (const ws of healthy.workspaces) await createWorkspace(env.admin, ws);
    for (const p of healthy.projects) await createNamespace(env.admin, p, p.slice(0, 6));
  }, 90_000);

  afterAll(async () => {
    await env.stop();
  }, 60_000);

  it('the apiserver rejects malformed objects and names the field', async () => {
    const rejected = (name: string, type: ResourceType, body: KubeObject, field: string): AttemptRow => ({
      name,
      attempt: () => env.admin.create(type, body),
      verify: (o) => { expectRejected(o, 422, field); },
    });
    const report = await runAttempts([
      rejected('zero subnet prefix length', WORKSPACE_NETWORKS, wsn('r1', { subnetPrefixLength: 0 }), 'spec.subnetPrefixLength'),
      rejected('subnet prefix length one past the maximum', WORKSPACE_NETWORKS, wsn('r2', { subnetPrefixLength: 30 }), 'spec.subnetPrefixLength'),
      rejected('negative subnet prefix length', WORKSPACE_NETWORKS, wsn('r3', { subnetPrefixLength: -1 }), 'spec.subnetPrefixLength'),
      rejected('subnet prefix shorter than the requested VPC', WORKSPACE_NETWORKS, wsn('r4', { cidr: '10.140.0.0/24', subnetPrefixLength: 20 }), 'spec.subnetPrefixLength'),
      rejected('a /33', WORKSPACE_NETWORKS, wsn('r5', { cidr: '10.140.0.0/33' }), 'spec.cidr'),
      rejected('an octet above 255', WORKSPACE_NETWORKS, wsn('r6', { cidr: '256.0.0.0/8' }), 'spec.cidr'),
      rejected('an IPv6 range', WORKSPACE_NETWORKS, wsn('r7', { cidr: 'fd00::/64' }), 'spec.cidr'),
      rejected('an empty CIDR', WORKSPACE_NETWORKS, wsn('r8', { cidr: '' }), 'spec.cidr'),
      rejected('a CIDR with spaces', WORKSPACE_NETWORKS, wsn('r9', { cidr: ' 10.140.0.0/16' }), 'spec.cidr'),
      rejected('a provider name in the wrong case', WORKSPACE_NETWORKS, wsn('r10', { provider: 'Calico' }), 'spec.provider'),
      rejected('an unknown intraWorkspace value', WORKSPACE_NETWORKS, wsn('r11', { intraWorkspace: 'allow' }), 'spec.intraWorkspace'),
      rejected('a bandwidth with a unit suffix', WORKSPACE_NETWORKS, wsn('r12', { bandwidth: { ingress: '10Mbps' } }), 'spec.bandwidth.ingress'),
      rejected('a zero bandwidth', WORKSPACE_NETWORKS, wsn('r13', { bandwidth: { egress: '0' } }), 'spec.bandwidth.egress'),
      // The range check is portable CEL (src/api/schema/portable-cel.ts): its bounds on every version.
      rejected('a bandwidth just below 1k', WORKSPACE_NETWORKS, wsn('r13a', { bandwidth: { ingress: '999' } }), 'spec.bandwidth.ingress'),
      rejected('a bandwidth a hair above 1P', WORKSPACE_NETWORKS, wsn('r13b', { bandwidth: { egress: '1.000000000000001P' } }), 'spec.bandwidth.egress'),
      rejected('a binary bandwidth above 1P', WORKSPACE_NETWORKS, wsn('r13c', { bandwidth: { ingress: '1Pi' } }), 'spec.bandwidth.ingress'),
      {
        name: 'bandwidths at both bounds',
        attempt: () => env.admin.create(WORKSPACE_NETWORKS, wsn('r13d', { bandwidth: { ingress: '1k', egress: '1P' } })),
        verify: (o) => { expectAccepted(o); },
      },
      rejected('a VPC CIDR with host bits', WORKSPACE_NETWORKS, wsn('r13e', { cidr: '10.141.0.1/16' }), 'spec.cidr'),
      rejected('a /8 with a second octet', WORKSPACE_NETWORKS, wsn('r13f', { cidr: '10.1.0.0/8' }), 'spec.cidr'),
      rejected('no workspace', WORKSPACE_NETWORKS, { apiVersion: GROUP, kind: 'WorkspaceNetwork', metadata: { name: 'r14' }, spec: {} } as KubeObject, 'spec.workspace'),
      rejected('an upper-case workspace name', WORKSPACE_NETWORKS, wsn('r15', { workspace: 'BadName' }), 'spec.workspace'),
      rejected('a project CIDR with host bits', PROJECT_NETWORKS, pjn('r16', { cidr: '10.128.0.1/24' }), 'spec.cidr'),
      rejected('an unknown isolation', PROJECT_NETWORKS, pjn('r17', { isolation: 'Strict' }), 'spec.isolation'),
      rejected('a 64-character workspace name', PROJECT_NETWORKS, pjn('r18', { workspace: long(64) }), 'spec.workspace'),
      rejected('port 0', PROJECT_CONNECTIONS, pjc('r19', { ports: [{ port: 0 }] }), 'spec.ports[0].port'),
      rejected('port 65536', PROJECT_CONNECTIONS, pjc('r20', { ports: [{ port: 65536 }] }), 'spec.ports[0].port'),
      rejected('a negative port', PROJECT_CONNECTIONS, pjc('r21', { ports: [{ port: 80 }, { port: -1 }] }), 'spec.ports[1].port'),
      rejected('endPort 70000', PROJECT_CONNECTIONS, pjc('r22', { ports: [{ port: 80, endPort: 70000 }] }), 'spec.ports[0].endPort'),
      rejected('protocol ICMP', PROJECT_CONNECTIONS, pjc('r23', { ports: [{ protocol: 'ICMP', port: 80 }] }), 'spec.ports[0].protocol'),
      rejected('a named port', PROJECT_CONNECTIONS, pjc('r24', { ports: [{ port: 'http' }] }), 'spec.ports[0].port'),
      rejected('an invalid project name', PROJECT_CONNECTIONS, pjc('r25', { from: { project: 'Proj_A' } }), 'spec.from.project'),
      rejected('a 64-character project name', PROJECT_CONNECTIONS, pjc('r26', { to: { project: long(64) } }), 'spec.to.project'),
      rejected('no destination', PROJECT_CONNECTIONS, { apiVersion: GROUP, kind: 'ProjectConnection', metadata: { name: 'r27' }, spec: { from: { project: 'a' } } } as KubeObject, 'spec.to'),
    ]);
    record(report);
    expect(report.violations).toEqual([]);
  });

  it('rejects changing fields that are immutable once set', async () => {
    await env.admin.create(WORKSPACE_NETWORKS, wsn('immutable-ws', { provider: 'calico', cidr: '10.141.0.0/16' }));
    await env.admin.create(PROJECT_NETWORKS, pjn('immutable-p', { workspace: 'immutable-ws', cidr: '10.141.0.0/24' }));
    const report = await runAttempts([
      { name: 'change the provider', attempt: () => env.admin.mergePatch(WORKSPACE_NETWORKS, 'immutable-ws', { spec: { provider: 'qingcloud' } }), verify: (o) => { expectRejected(o, 422, 'spec.provider', 'immutable'); } },
      { name: 'remove the provider', attempt: () => env.admin.mergePatch(WORKSPACE_NETWORKS, 'immutable-ws', { spec: { provider: null } }), verify: (o) => { expectRejected(o, 422, 'spec.provider', 'immutable'); } },
      { name: 'remove the VPC CIDR', attempt: () => env.admin.mergePatch(WORKSPACE_NETWORKS, 'immutable-ws', { spec: { cidr: null } }), verify: (o) => { expectRejected(o, 422, 'spec.cidr', 'immutable'); } },
      { name: 'rename the workspace', attempt: () => env.admin.mergePatch(WORKSPACE_NETWORKS, 'immutable-ws', { spec: { workspace: 'other' } }), verify: (o) => { expectRejected(o, 422, 'spec.workspace', 'immutable'); } },
      { name: 'change the project CIDR', attempt: () => env.admin.mergePatch(PROJECT_NETWORKS, 'immutable-p', { spec: { cidr: '10.141.1.0/24' } }), verify: (o) => { expectRejected(o, 422, 'spec.cidr', 'immutable'); } },
    ]);
    record(report);
    expect(report.violations).toEqual([]);
  });

  it('reports requests the schema cannot judge as Ready=False with a precise reason and an Event', async () => {
    // A workspace holding 10.150.0.0/16 whose ranges others then try to take.
    await env.admin.create(WORKSPACE_NETWORKS, wsn('owner', { cidr: '10.150.0.0/16' }));
    await createWorkspace(env.admin, 'owner');
    await ready(WORKSPACE_NETWORKS, 'owner');
    await createNamespace(env.admin, 'owner-a', 'owner');
    const ownerA = await ready(PROJECT_NETWORKS, 'owner-a');

    const workspaceRow = (name: string, spec: Record<string, unknown>, reason: string, mentions?: string): AttemptRow => ({
      name: `workspace ${name}: ${JSON.stringify(spec)}`,
      attempt: async () => {
        await env.admin.create(WORKSPACE_NETWORKS, wsn(name, spec));
        await createWorkspace(env.admin, name);
      },
      verify: async (o) => {
        expectAccepted(o);
        await expectNotReady(WORKSPACE_NETWORKS, name, reason, mentions);
      },
    });
    const projectRow = (name: string, workspace: string, spec: Record<string, unknown>, reason: string, mentions?: string): AttemptRow => ({
      name: `project ${name}: ${JSON.stringify(spec)}`,
      attempt: async () => {
        await env.admin.create(PROJECT_NETWORKS, pjn(name, { workspace, ...spec }));
        await createNamespace(env.admin, name, workspace);
      },
      verify: async (o) => {
        expectAccepted(o);
        await expectNotReady(PROJECT_NETWORKS, name, reason, mentions);
      },
    });
    const connectionRow = (name: string, from: string, to: string, missing: string): AttemptRow => ({
      name: `connection ${from} -> ${to}`,
      attempt: () => env.admin.create(PROJECT_CONNECTIONS, pjc(name, { from: { project: from }, to: { project: to } })),
      verify: async (o) => {
        expectAccepted(o);
        await expectNotReady(PROJECT_CONNECTIONS, name, 'ProjectNotFound', missing);
      },
    });
    await createNamespace(env.admin, 'plain-ns');

    const report = await runAttempts([
      workspaceRow('zero-prefix', { cidr: '0.0.0.0/0' }, 'CIDROutsideParent'),
      workspaceRow('outside-pool', { cidr: '192.168.0.0/16' }, 'CIDROutsideParent'),
      workspaceRow('overlaps-owner', { cidr: '10.150.128.0/17' }, 'CIDROverlaps', 'owner'),
      workspaceRow('same-as-owner', { cidr: '10.150.0.0/16' }, 'CIDROverlaps', 'owner'),
      // The whole pool: it holds other workspaces already, so the overlap is what is reported.
      workspaceRow('covers-pool', { cidr: '10.128.0.0/10' }, 'CIDROverlaps'),
      workspaceRow('wrong-provider', { provider: 'qingcloud' }, 'ProviderMismatch', 'qingcloud'),
      projectRow('in-foreign-vpc', 'fine-1', { cidr: ownerA.status?.cidr ?? '' }, 'CIDROutsideParent'),
      projectRow('takes-owner-a', 'owner', { cidr: ownerA.status?.cidr ?? '' }, 'CIDROverlaps', 'owner-a'),
      // Smaller than one Calico block (/28): refused by IPAM before anything is recorded.
      projectRow('too-small', 'owner', { cidr: '10.150.200.0/29' }, 'PrefixTooLarge', 'at most /28'),
      projectRow('whole-vpc', 'owner', { cidr: '10.150.0.0/16' }, 'CIDROverlaps', 'owner-a'),
      connectionRow('to-missing', 'fine-1-a', 'no-such-project', 'no-such-project'),
      connectionRow('from-missing', 'ghost', 'fine-1-a', 'ghost'),
      connectionRow('both-missing', 'ghost-a', 'ghost-b', 'ghost-a, ghost-b'),
      connectionRow('to-unmanaged', 'fine-1-a', 'plain-ns', 'plain-ns'),
      connectionRow('to-system', 'fine-1-a', 'kube-system', 'kube-system'),
    ]);
    record(report);
    expect(report.violations).toEqual([]);
    // The owner was never disturbed.
    expect((await get(PROJECT_NETWORKS, 'owner-a')).status?.cidr).toBe(ownerA.status?.cidr);
  }, 240_000);

  it('serves namespaces with odd names and ignores odd label values', async () => {
    const ws63 = long(63, 'w');
    const names = [long(63, 'p'), '0123456789', 'a--b---c', '9-a', 'x'];
    await createWorkspace(env.admin, ws63);
    await createWorkspace(env.admin, 'odd');
    const served = (name: string, workspace: string): AttemptRow => ({
      name: `project named ${name} in ${workspace.length > 20 ? `${workspace.slice(0, 8)}…(${workspace.length})` : workspace}`,
      attempt: () => createNamespace(env.admin, name, workspace),
      verify: async (o) => {
        expectAccepted(o);
        const p = await ready(PROJECT_NETWORKS, name);
        expect(p.spec?.workspace).toBe(workspace);
        const ns = await env.admin.get<KubeObject>(CORE.namespaces, name);
        expect(ns.metadata?.labels?.['sdn.kubesphere.io/workspace']).toBe(workspace);
        await env.admin.get(CORE.networkPolicies, 'tenant-network-isolation', name);
      },
    });
    const ignored = (name: string, labels: Record<string, string>, annotations: Record<string, string> = {}, existing = false): AttemptRow => ({
      name: `namespace ${name} labelled ${JSON.stringify(labels)}`,
      attempt: () => (existing ? env.admin.mergePatch(CORE.namespaces, name, { metadata: { labels, annotations } }) : env.admin.create(CORE.namespaces, { metadata: { name, labels, annotations } })),
      verify: async (o) => {
        expectAccepted(o);
        // Not a project: give the controller time to (wrongly) act, then check it did not.
        await new Promise((r) => setTimeout(r, 1500));
        const found = await env.admin.get(PROJECT_NETWORKS, name).then(() => true, (err: unknown) => {
          if (isNotFound(err)) return false;
          throw err;
        });
        expect(found).toBe(false);
        const ns = await env.admin.get<KubeObject>(CORE.namespaces, name);
        expect(Object.keys(ns.metadata?.labels ?? {}).filter((k) => k.startsWith('sdn.kubesphere.io/'))).toEqual([]);
      },
    });
    const report = await runAttempts([
      served(names[0] ?? '', 'odd'),
      served(names[1] ?? '', 'odd'),
      served(names[2] ?? '', 'odd'),
      served(names[3] ?? '', ws63),
      served(names[4] ?? '', ws63),
      ignored('label-empty', { 'kubesphere.io/workspace': '' }),
      ignored('label-not-a-name', { 'kubesphere.io/workspace': 'Not_A.Workspace-Name' }),
      ignored('label-63', { 'kubesphere.io/workspace': long(63, 'q') }),
      ignored('label-no-such-ws', { 'kubesphere.io/workspace': 'nowhere' }, { 'kubesphere.io/network-isolate': 'enabled' }),
      // A system namespace stays one even when labelled into a real workspace.
      ignored('kubesphere-system', { 'kubesphere.io/workspace': 'odd' }, {}, true),
    ]);
    record(report);
    expect(report.violations).toEqual([]);
  }, 180_000);

  it('makes a namespace labelled with a missing workspace a project once the workspace appears', async () => {
    await createNamespace(env.admin, 'early-bird', 'late-ws');
    await new Promise((r) => setTimeout(r, 1500));
    await expect(env.admin.get(PROJECT_NETWORKS, 'early-bird')).rejects.toThrow();
    await createWorkspace(env.admin, 'late-ws');
    const p = await ready(PROJECT_NETWORKS, 'early-bird');
    expect(p.spec?.workspace).toBe('late-ws');
    rowsTried += 1;
  }, 90_000);

  it('cleans up a workspace deleted while its projects are being created', async () => {
    const projects = Array.from({ length: 8 }, (_, i) => `doomed-${i}`);
    await createWorkspace(env.admin, 'doomed');
    // No wait: the namespaces race the workspace's own provisioning and its deletion.
    const creating = Promise.all(projects.map((p) => createNamespace(env.admin, p, 'doomed')));
    await new Promise((r) => setTimeout(r, 150));
    await env.admin.request('DELETE', '/apis/tenant.kubesphere.io/v1beta1/workspaces/doomed');
    await creating;
    await eventually(async () => {
      for (const p of projects) {
        await expect(env.admin.get(PROJECT_NETWORKS, p)).rejects.toThrow();
        const ns = await env.admin.get<KubeObject>(CORE.namespaces, p);
        expect({ p, label: ns.metadata?.labels?.['sdn.kubesphere.io/workspace'], pools: ns.metadata?.annotations?.['cni.projectcalico.org/ipv4pools'] }).toEqual({ p, label: undefined, pools: undefined });
        const policies = await env.admin.list<KubeObject>(CORE.networkPolicies, { namespace: p });
        expect(policies.items).toEqual([]);
      }
      await expect(env.admin.get(WORKSPACE_NETWORKS, 'doomed')).rejects.toThrow();
      const pools = await env.admin.list<KubeObject>(CALICO_IPPOOLS);
      expect(pools.items.map((x) => x.metadata?.name).filter((n) => n?.includes('doomed'))).toEqual([]);
    }, CONVERGE_MS, 250);
    rowsTried += 1;
  }, 120_000);

  it('ends a project moved between workspaces repeatedly in the last one, with one subnet', async () => {
    await createWorkspace(env.admin, 'move-a');
    await createWorkspace(env.admin, 'move-b');
    await ready(WORKSPACE_NETWORKS, 'move-a');
    const vpcB = await ready(WORKSPACE_NETWORKS, 'move-b');
    await createNamespace(env.admin, 'nomad', 'move-a');
    const sequence = ['move-b', 'move-a', 'move-b', 'move-a', 'move-b', 'move-a', 'move-b'];
    for (const [i, ws] of sequence.entries()) {
      await env.admin.mergePatch(CORE.namespaces, 'nomad', { metadata: { labels: { 'kubesphere.io/workspace': ws } } });
      // Vary the pace so some moves land mid-provisioning and some after it.
      await new Promise((r) => setTimeout(r, i % 2 === 0 ? 50 : 700));
    }
    const final = await eventually(async () => {
      const p = await get(PROJECT_NETWORKS, 'nomad');
      expect({ workspace: p.spec?.workspace, phase: p.status?.phase }).toEqual({ workspace: 'move-b', phase: 'Ready' });
      const ns = await env.admin.get<KubeObject>(CORE.namespaces, 'nomad');
      expect(ns.metadata?.labels?.['sdn.kubesphere.io/workspace']).toBe('move-b');
      return p;
    }, CONVERGE_MS, 250);
    const inB = findOverlaps([{ owner: 'vpc', cidr: vpcB.status?.cidr ?? '' }, { owner: 'nomad', cidr: final.status?.cidr ?? '' }]);
    expect(inB.ok).toBe(false); // overlapping the VPC = inside it (both are aligned prefixes)
    const pools = (await env.admin.list<KubeObject & { spec?: { cidr?: string } }>(CALICO_IPPOOLS)).items.filter((x) => x.metadata?.name?.includes('nomad'));
    expect(pools.map((x) => x.spec?.cidr)).toEqual([final.status?.cidr]);
    rowsTried += 1;
  }, 120_000);

  it('survives 50 malformed objects in a burst', async () => {
    const bodies: [ResourceType, KubeObject, 'reject' | 'notReady'][] = [];
    for (let i = 0; i < 50; i++) {
      switch (i % 5) {
        case 0: bodies.push([WORKSPACE_NETWORKS, wsn(`burst-${i}`, { subnetPrefixLength: 99 }), 'reject']); break;
        case 1: bodies.push([PROJECT_NETWORKS, pjn(`burst-${i}`, { cidr: `10.${i}.0.${i}/24` }), 'reject']); break;
        case 2: bodies.push([PROJECT_CONNECTIONS, pjc(`burst-${i}`, { ports: [{ port: 70000 + i }] }), 'reject']); break;
        default: bodies.push([PROJECT_CONNECTIONS, pjc(`burst-${i}`, { from: { project: 'fine-2-a' }, to: { project: `ghost-${i}` } }), 'notReady']); break;
      }
    }
    const settled = await Promise.allSettled(bodies.map(([type, body]) => env.admin.create(type, body)));
    const outcomes = settled.map(outcomeOf);
    const wrong = outcomes.map((o, i) => [bodies[i]?.[1].metadata?.name, bodies[i]?.[2], o] as const)
      .filter(([, want, o]) => (want === 'reject' ? !(o.kind === 'rejected' && o.status === 422) : o.kind !== 'accepted'))
      .map(([name, want, o]) => `${name ?? ''}: wanted ${want}, got ${describeOutcome(o)}`);
    expect(wrong).toEqual([]);
    await eventually(async () => {
      const connections = await env.admin.list<Cr>(PROJECT_CONNECTIONS);
      const burst = connections.items.filter((c) => c.metadata?.name?.startsWith('burst-'));
      expect(burst).toHaveLength(20);
      expect(burst.filter((c) => c.status?.conditions?.find((x) => x.type === 'Ready')?.reason !== 'ProjectNotFound').map((c) => c.metadata?.name)).toEqual([]);
    }, CONVERGE_MS, 250);
    rowsTried += 50;
  }, 120_000);

  it('kept serving the rest: healthy tenants converge, a new project comes up, nothing overlaps, nothing crashed', async () => {
    for (const ws of healthy.workspaces) await ready(WORKSPACE_NETWORKS, ws);
    for (const p of healthy.projects) await ready(PROJECT_NETWORKS, p);
    await createNamespace(env.admin, 'fine-1-late', 'fine-1');
    await ready(PROJECT_NETWORKS, 'fine-1-late');

    const workspaces = (await env.admin.list<Cr>(WORKSPACE_NETWORKS)).items;
    const projects = (await env.admin.list<Cr>(PROJECT_NETWORKS)).items;
    const pools = (await env.admin.list<KubeObject & { spec?: { cidr?: string } }>(CALICO_IPPOOLS)).items;
    const checks = [
      findOverlaps(workspaces.filter((w) => w.status?.cidr !== undefined).map((w) => ({ owner: `wsn/${w.metadata?.name ?? ''}`, cidr: w.status?.cidr ?? '' }))),
      findOverlaps(projects.filter((p) => p.status?.cidr !== undefined).map((p) => ({ owner: `pjn/${p.metadata?.name ?? ''}`, cidr: p.status?.cidr ?? '' }))),
      findOverlaps(pools.map((p) => ({ owner: `ippool/${p.metadata?.name ?? ''}`, cidr: p.spec?.cidr ?? '' }))),
    ];
    const overlapProblems = checks.flatMap((c) => (c.ok ? [] : c.problems));
    // Every project that has a subnet has exactly one pool, with its range.
    const withSubnet = projects.filter((p) => p.status?.cidr !== undefined && p.status.phase === 'Ready');
    const poolProblems = withSubnet.filter((p) => pools.filter((x) => x.spec?.cidr === p.status?.cidr).length !== 1).map((p) => `pjn/${p.metadata?.name ?? ''} has no single pool`);
    violations.push(...overlapProblems, ...poolProblems, ...env.crashes);
    // Kubernetes' own workspace objects were never touched by the controller's failures.
    expect((await env.admin.list(KUBESPHERE_WORKSPACES)).items.length).toBeGreaterThan(0);
    process.stderr.write(`[resilience-bad-input] rows tried ${rowsTried}, projects checked for overlap ${projects.length}, workspaces ${workspaces.length}, pools ${pools.length}, crashes ${env.crashes.length}, violations ${violations.length}\n`);
    recordCompatTable('bad-input', version, table);
    expect(violations).toEqual([]);
    await deleteNamespace(env.admin, 'fine-1-late');
  }, 120_000);
});
