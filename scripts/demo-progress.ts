// What `make demo` watches: VPCs and subnets appearing (one line per change, a live counter on a
// terminal), the controller catching up after a toggle, and the NetworkPolicies in the cluster
// allowing exactly what the matrix says (checked with the project's NetworkPolicy evaluator).
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { CONDITION_READY } from '../src/api/conditions.js';
import { PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../src/api/resources.js';
import { DEFAULT_SETTINGS } from '../src/cli/controller-settings.js';
import { fetchSnapshot } from '../src/cli/fetch-snapshot.js';
import { matrixReport } from '../src/cli/matrix-report.js';
import { connectivityInputOf, snapshotGraph } from '../src/cli/model-input.js';
import type { Style } from '../src/cli/render/style.js';
import type { ProjectConnectionObject, ProjectNetworkObject, WorkspaceNetworkObject } from '../src/cli/snapshot.js';
import type { KubeClient, KubeObject } from '../src/kube/kube-client.js';
import { CORE } from '../src/kube/resource.js';
import { createEvaluator } from '../test/support/netpol/index.js';

export interface WatchContext {
  readonly client: KubeClient;
  readonly write: (text: string) => void;
  readonly tty: boolean;
  readonly style: Style;
  readonly signal: AbortSignal;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('interrupted'));
      return;
    }
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = (): void => { clearTimeout(timer); reject(new Error('interrupted')); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

interface Observed {
  readonly phase?: string;
  readonly cidr?: string;
  readonly id?: string;
  readonly ready: boolean;
  readonly reason?: string;
}

function observe(object: (WorkspaceNetworkObject | ProjectNetworkObject) | undefined, id: string | undefined): Observed {
  const ready = object?.status?.conditions?.find((c) => c.type === CONDITION_READY);
  return {
    ...(object?.status?.phase === undefined ? {} : { phase: object.status.phase }),
    ...(object?.status?.cidr === undefined ? {} : { cidr: object.status.cidr }),
    ...(id === undefined ? {} : { id }),
    ready: object?.status?.phase === 'Ready',
    ...(ready === undefined || ready.status === 'True' ? {} : { reason: `${ready.reason}: ${ready.message}` }),
  };
}

/** Prints each VPC and subnet as it changes until all are Ready; false on timeout. */
export async function watchProvisioning(ctx: WatchContext, workspaces: readonly string[], projects: readonly string[], timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  const last = new Map<string, string>();
  const clearLine = (): void => { if (ctx.tty) ctx.write('\r\u001b[K'); };
  for (;;) {
    const [wsns, pjns] = await Promise.all([ctx.client.list<WorkspaceNetworkObject>(WORKSPACE_NETWORKS), ctx.client.list<ProjectNetworkObject>(PROJECT_NETWORKS)]);
    const rows: [string, string, Observed][] = [
      ...workspaces.map((w): [string, string, Observed] => {
        const o = wsns.items.find((x) => x.metadata.name === w);
        return ['VPC', w, observe(o, o?.status?.vpcId)];
      }),
      ...projects.map((p): [string, string, Observed] => {
        const o = pjns.items.find((x) => x.metadata.name === p);
        return ['subnet', p, observe(o, o?.status?.subnetId)];
      }),
    ];
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const [kind, name, o] of rows) {
      const text = [o.phase ?? 'waiting', o.cidr ?? '', o.id ?? '', o.ready ? '' : o.reason ?? ''].join('|');
      if (last.get(`${kind}/${name}`) === text) continue;
      last.set(`${kind}/${name}`, text);
      if (o.phase === undefined) continue;
      const phase = ctx.style.paint(o.ready ? 'good' : o.phase === 'Failed' ? 'bad' : 'warn', o.phase.padEnd(12));
      const detail = o.ready ? `${(o.cidr ?? '').padEnd(16)} ${o.id ?? ''}` : ctx.style.paint('dim', o.reason ?? '');
      clearLine();
      ctx.write(`  ${`+${seconds}s`.padStart(7)}  ${kind.padEnd(6)} ${name.padEnd(16)} ${phase} ${detail}\n`);
    }
    const readyVpcs = rows.filter(([k, , o]) => k === 'VPC' && o.ready).length;
    const readySubnets = rows.filter(([k, , o]) => k === 'subnet' && o.ready).length;
    if (readyVpcs + readySubnets === rows.length) {
      clearLine();
      ctx.write(`  ${ctx.style.paint('good', `${readyVpcs} VPCs and ${readySubnets} subnets Ready in ${seconds} s`)}\n`);
      return true;
    }
    if (ctx.tty) ctx.write(`\r\u001b[K  ${ctx.style.paint('dim', `… ${readyVpcs}/${workspaces.length} VPCs, ${readySubnets}/${projects.length} subnets ready (${seconds} s)`)}`);
    if (Date.now() - started > timeoutMs) {
      clearLine();
      return false;
    }
    await sleep(250, ctx.signal);
  }
}

/** Waits until the controller has handled the latest spec of these objects; false on timeout. */
export async function waitForController(ctx: WatchContext, projects: readonly string[], connections: readonly string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const handled = (o: { metadata: { generation?: number }; status?: { phase?: string; observedGeneration?: number } } | undefined): boolean =>
    o?.status?.phase === 'Ready' && o.status.observedGeneration === o.metadata.generation;
  for (;;) {
    const [pjns, pjcs] = await Promise.all([ctx.client.list<ProjectNetworkObject>(PROJECT_NETWORKS), ctx.client.list<ProjectConnectionObject>(PROJECT_CONNECTIONS)]);
    const done = projects.every((p) => handled(pjns.items.find((x) => x.metadata.name === p))) && connections.every((c) => handled(pjcs.items.find((x) => x.metadata.name === c)));
    if (done) return true;
    if (Date.now() > deadline) return false;
    await sleep(100, ctx.signal);
  }
}

/** A TCP port outside every listed range, to check that a port-limited link stops at its ports. */
function portOutside(ports: readonly { protocol: string; port: number; endPort?: number }[]): number {
  let candidate = 9;
  while (ports.some((p) => p.protocol === 'TCP' && p.port <= candidate && candidate <= (p.endPort ?? p.port))) candidate++;
  return candidate;
}

/** Differences between what the matrix allows and what the live NetworkPolicies allow. */
export async function enforcementMismatches(client: KubeClient, workspaces: readonly string[]): Promise<{ pairs: number; mismatches: string[] }> {
  const snapshot = await fetchSnapshot(client, DEFAULT_SETTINGS);
  const report = matrixReport(connectivityInputOf(snapshotGraph(snapshot), snapshot.settings), workspaces);
  const [namespaces, policies] = await Promise.all([client.list<KubeObject>(CORE.namespaces), client.list<KubeObject>(CORE.networkPolicies)]);
  const evaluator = createEvaluator({
    namespaces: namespaces.items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
    policies: policies.items as unknown as V1NetworkPolicy[],
  });
  if (!evaluator.ok) return { pairs: 0, mismatches: evaluator.problems.map((p) => `invalid policy: ${p}`) };
  const mismatches: string[] = [];
  for (const cell of report.cells) {
    const probes: [string, number, boolean][] = cell.allowed === 'ports'
      ? [...(cell.ports ?? []).map((p): [string, number, boolean] => [p.protocol, p.port, true]), ['TCP', portOutside(cell.ports ?? []), false]]
      : [['TCP', 80, cell.allowed === 'all']];
    for (const [protocol, port, expected] of probes) {
      const verdict = evaluator.evaluator.evaluate({ kind: 'pod', namespace: cell.from, labels: {} }, { kind: 'pod', namespace: cell.to, labels: {} }, { protocol: protocol as 'TCP' | 'UDP' | 'SCTP', port });
      const allowed = verdict.kind === 'decided' && verdict.allowed;
      if (allowed !== expected) mismatches.push(`${cell.from} -> ${cell.to} ${protocol}/${port}: policies ${allowed ? 'allow' : 'deny'}, matrix says ${expected ? 'allow' : 'deny'}`);
    }
  }
  return { pairs: report.cells.length, mismatches };
}

/** Polls until the policies agree with the matrix; the cells checked, or the differences left. */
export async function waitForEnforcement(ctx: WatchContext, workspaces: readonly string[], timeoutMs: number): Promise<{ ok: true; pairs: number } | { ok: false; mismatches: string[] }> {
  const started = Date.now();
  for (;;) {
    const result = await enforcementMismatches(ctx.client, workspaces);
    if (result.mismatches.length === 0) return { ok: true, pairs: result.pairs };
    if (Date.now() - started > timeoutMs) return { ok: false, mismatches: result.mismatches };
    await sleep(200, ctx.signal);
  }
}
