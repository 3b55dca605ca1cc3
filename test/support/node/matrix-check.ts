// One step of the packet matrix: wait until the NetworkPolicies in the apiserver say what the table
// says ("policy written"), probe every ordered pair on every port ("enforced"), and compare both the
// probes and `kubectl tenantnet matrix -o json` with the table. Cells that disagree are probed again
// a few times (the enforcer applies a change a moment after the apiserver has it) before they count.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import { CORE } from '../../../src/kube/resource.js';
import { REPO_ROOT } from '../helm.js';
import { createEvaluator, type TrafficEndpoint } from '../netpol/index.js';
import { expectedReachable, OUTSIDE, type PortProbe, type Topology } from './expected-reachability.js';
import { PROBE_PORTS, type ProbeEndpoint } from './probe-pods.js';
import { probeAll, type ProbeResult } from './prober.js';

export interface CellMismatch {
  readonly from: string;
  readonly to: string;
  readonly port: string;
  readonly expected: boolean;
  readonly got: boolean;
  readonly source: 'probe' | 'cli' | 'policies';
  readonly detail?: string;
}

export interface StepReport {
  readonly step: string;
  readonly cellsProbed: number;
  readonly allowedCells: number;
  readonly mismatches: readonly CellMismatch[];
  readonly policySeconds: number;
  readonly probeSeconds: number;
}

const portName = (p: PortProbe): string => `${p.protocol.toLowerCase()}/${p.port}`;

function pairs(endpoints: readonly ProbeEndpoint[]): { from: ProbeEndpoint; to: ProbeEndpoint; probe: PortProbe }[] {
  return endpoints.flatMap((from) => endpoints.flatMap((to) => (from.name === OUTSIDE && to.name === OUTSIDE ? [] : PROBE_PORTS.map((probe) => ({ from, to, probe })))));
}

function trafficEndpoint(e: ProbeEndpoint): TrafficEndpoint {
  return e.name === OUTSIDE ? { kind: 'external', ip: e.ip } : { kind: 'pod', namespace: e.name, labels: { app: 'probe' }, ip: e.ip };
}

/** Cells where the live NetworkPolicies disagree with the table (empty once the controller converged). */
async function policyMismatches(admin: KubeClient, endpoints: readonly ProbeEndpoint[], top: Topology): Promise<CellMismatch[]> {
  const [namespaces, policies] = await Promise.all([admin.list<KubeObject>(CORE.namespaces), admin.list<KubeObject>(CORE.networkPolicies)]);
  const built = createEvaluator({
    namespaces: namespaces.items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
    policies: policies.items as unknown as V1NetworkPolicy[],
  });
  if (!built.ok) throw new Error(`invalid NetworkPolicies: ${built.problems.join('; ')}`);
  return pairs(endpoints).flatMap(({ from, to, probe }) => {
    const verdict = built.evaluator.evaluate(trafficEndpoint(from), trafficEndpoint(to), probe);
    const got = verdict.kind === 'decided' && verdict.allowed;
    const expected = expectedReachable(top, from.name, to.name, probe);
    return got === expected ? [] : [{ from: from.name, to: to.name, port: portName(probe), expected, got, source: 'policies' as const }];
  });
}

interface CliCell {
  readonly from: string;
  readonly to: string;
  readonly allowed: 'all' | 'none' | 'ports';
  readonly ports?: readonly { protocol: string; port: number; endPort?: number }[];
}

/** `kubectl tenantnet matrix -o json`, run as a user runs it. */
export async function cliMatrix(kubeconfig: string): Promise<readonly CliCell[]> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(join(REPO_ROOT, 'scripts', 'kubectl-tenantnet'), ['matrix', '-o', 'json', `--kubeconfig=${kubeconfig}`], { encoding: 'utf8' }, (err, out, errOut) => {
      if (err !== null) reject(new Error(`kubectl tenantnet matrix failed: ${errOut}`));
      else resolve(out);
    });
  });
  return (JSON.parse(stdout) as { cells: CliCell[] }).cells;
}

function cliAllows(cell: CliCell, probe: PortProbe): boolean {
  if (cell.allowed !== 'ports') return cell.allowed === 'all';
  return (cell.ports ?? []).some((p) => p.protocol === probe.protocol && probe.port >= p.port && probe.port <= (p.endPort ?? p.port));
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function checkStep(step: string, ctx: { admin: KubeClient; agnhost: string; kubeconfig: string; endpoints: readonly ProbeEndpoint[]; topology: Topology }): Promise<StepReport> {
  const { admin, agnhost, endpoints, topology } = ctx;
  const started = Date.now();
  let policies = await policyMismatches(admin, endpoints, topology);
  while (policies.length > 0 && Date.now() - started < 60_000) {
    await sleep(250);
    policies = await policyMismatches(admin, endpoints, topology);
  }
  const policySeconds = (Date.now() - started) / 1000;

  const probeStarted = Date.now();
  const all = pairs(endpoints);
  const results = await probeAll(agnhost, all, 24);
  const wrong = (r: ProbeResult): boolean => r.reachable !== expectedReachable(topology, r.from, r.to, r.probe);
  let suspects = all.filter((_, i) => { const r = results[i]; return r !== undefined && wrong(r); });
  let final = results.filter(wrong);
  for (let retry = 0; retry < 3 && suspects.length > 0; retry += 1) {
    await sleep(1000);
    final = (await probeAll(agnhost, suspects)).filter(wrong);
    suspects = suspects.filter((s) => final.some((f) => f.from === s.from.name && f.to === s.to.name && f.probe === s.probe));
  }
  const probeSeconds = (Date.now() - probeStarted) / 1000;

  const projects = new Set(topology.projects.keys());
  const cli = (await cliMatrix(ctx.kubeconfig)).filter((c) => projects.has(c.from) && projects.has(c.to));
  const cliMismatches = cli.flatMap((cell) => PROBE_PORTS.flatMap((probe) => {
    const expected = expectedReachable({ ...topology, openedByTenant: new Set() }, cell.from, cell.to, probe);
    const got = cliAllows(cell, probe);
    return got === expected ? [] : [{ from: cell.from, to: cell.to, port: portName(probe), expected, got, source: 'cli' as const }];
  }));
  const cliCells = new Set(cli.map((c) => `${c.from}>${c.to}`));
  const missing = [...projects].flatMap((from) => [...projects].filter((to) => !cliCells.has(`${from}>${to}`)).map((to) => ({ from, to, port: '*', expected: true, got: false, source: 'cli' as const, detail: 'no cell in kubectl tenantnet matrix' })));

  return {
    step,
    cellsProbed: results.length,
    allowedCells: results.filter((r) => r.reachable).length,
    mismatches: [
      ...policies,
      ...final.map((r) => ({ from: r.from, to: r.to, port: portName(r.probe), expected: !r.reachable, got: r.reachable, source: 'probe' as const, detail: r.detail })),
      ...cliMismatches,
      ...missing,
    ],
    policySeconds,
    probeSeconds,
  };
}

export function formatStep(report: StepReport): string {
  const head = `${report.step}: ${report.cellsProbed} cells probed (${report.allowedCells} open), policies in ${report.policySeconds.toFixed(1)} s, probes in ${report.probeSeconds.toFixed(1)} s, ${report.mismatches.length} mismatch(es)`;
  return [head, ...report.mismatches.map((m) => `  ${m.source}: ${m.from} -> ${m.to} ${m.port}: expected ${m.expected ? 'open' : 'closed'}, got ${m.got ? 'open' : 'closed'}${m.detail === undefined ? '' : ` (${m.detail})`}`)].join('\n');
}
