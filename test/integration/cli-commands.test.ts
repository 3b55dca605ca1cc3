// kubectl-tenantnet against the real local apiserver with the controller running in-process:
// every command's output for a known topology (two workspaces, five projects), the matrix in the
// terminal and as JSON and `why` for every pair — checked against what the NetworkPolicies the
// controller wrote allow — the controller's settings read from its ConfigMap (and the defaults
// assumed, and said, without it), server-side dry runs, bandwidth, printer columns, the exit codes
// scripts rely on, and the plugin (and its completion) found by kubectl itself on PATH.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ProjectConnection } from '../../src/api/project-connection.js';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import type { WorkspaceNetwork } from '../../src/api/workspace-network.js';
import type { MatrixJson } from '../../src/cli/render/matrix-json.js';
import { runCli } from '../../src/cli/run.js';
import type { StatusReport } from '../../src/cli/status-report.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { ensureBinaries } from '../harness/binaries.js';
import { sharedCluster } from '../harness/shared.js';
import { CONTROLLER_CONFIG_LABEL } from '../../src/cli/controller-settings.js';
import type { StatusDocument } from '../../src/cli/render/status-output.js';
import type { WhyDocument } from '../../src/cli/render/why-output.js';
import { parse as parseYaml } from 'yaml';
import { createNamespace, createWorkspace, deleteNamespace, reachability, startCoreEnv, SYSTEM_NAMESPACES, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';

type Pjn = ProjectNetwork & KubeObject;
type Wsn = WorkspaceNetwork & KubeObject;

const SHOP = 'cli-shop';
const BANK = 'cli-bank';
const TOPOLOGY: Record<string, string> = { 'cli-web': SHOP, 'cli-api': SHOP, 'cli-db': SHOP, 'cli-ledger': BANK, 'cli-audit': BANK };
const PROJECTS = Object.keys(TOPOLOGY);
const ESC = String.fromCharCode(27);
/** An unmanaged namespace the controller (and its ConfigMap) let into every project. */
const GATE = 'cli-gate';
/** Where this file's controller settings ConfigMap lives, and a namespace without one. */
const SETTINGS_NS = 'cli-settings';
const NO_SETTINGS_NS = 'cli-no-settings';

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

describe('kubectl tenantnet on a live cluster', () => {
  let env: CoreEnv;
  let kubeconfig: string;

  async function tenantnet(argv: readonly string[], options: { tty?: boolean } = {}): Promise<Outcome> {
    let out = '';
    let err = '';
    const settings = argv.includes('--controller-namespace') ? [] : ['--controller-namespace', SETTINGS_NS];
    const code = await runCli(['--kubeconfig', kubeconfig, ...settings, ...argv], {
      stdout: (t) => { out += t; },
      stderr: (t) => { err += t; },
      stdoutIsTty: options.tty ?? false,
      env: {},
    });
    return { code, out, err };
  }

  const converged = (): Promise<void> => eventually(async () => {
    for (const name of PROJECTS) {
      const pjn = await env.admin.get<Pjn>(PROJECT_NETWORKS, name);
      expect(pjn.status?.phase).toBe('Ready');
      expect(pjn.status?.observedGeneration).toBe(pjn.metadata.generation);
    }
  }, 30_000, 100);

  beforeAll(async () => {
    kubeconfig = sharedCluster().state.adminKubeconfigPath;
    env = await startCoreEnv({ allowedIngressNamespaces: [GATE] });
    // The chart's ConfigMap for this controller: what `kubectl tenantnet` must judge by.
    for (const ns of [SETTINGS_NS, NO_SETTINGS_NS, GATE]) await createNamespace(env.admin, ns);
    const file = { namespace: 'tenant-network-system', systemNamespaces: SYSTEM_NAMESPACES, allowedIngressNamespaces: [GATE] };
    await env.admin.create(CORE.configMaps, { metadata: { name: 'tnc', namespace: SETTINGS_NS, labels: { [CONTROLLER_CONFIG_LABEL]: 'true' } }, data: { 'config.json': JSON.stringify(file) } } as KubeObject);
    for (const ws of [SHOP, BANK]) await createWorkspace(env.admin, ws);
    for (const [name, ws] of Object.entries(TOPOLOGY)) await createNamespace(env.admin, name, ws);
    await converged();
  }, 90_000);

  afterAll(async () => {
    // Leave the shared apiserver as we found it: projects first (their finalizers free the subnets).
    for (const name of [...PROJECTS, 'cli-kso', SETTINGS_NS, NO_SETTINGS_NS, GATE]) await deleteNamespace(env.admin, name).catch(() => undefined);
    await eventually(async () => {
      const left = (await env.admin.list<Pjn>(PROJECT_NETWORKS)).items.filter((p) => TOPOLOGY[p.metadata.name ?? ''] !== undefined);
      expect(left).toEqual([]);
    }, 20_000).catch(() => undefined);
    await env.stop();
  }, 60_000);

  it('status shows the workspace, its VPC and each project with its subnet', async () => {
    const { code, out, err } = await tenantnet(['status', SHOP]);
    expect([code, err]).toEqual([0, '']);
    const wsn = await env.admin.get<Wsn>(WORKSPACE_NETWORKS, SHOP);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^WORKSPACE +PROVIDER +VPC CIDR +VPC ID +INTRA +PROJECTS +PHASE$/);
    expect(lines[1]?.split(/ +/)).toEqual([SHOP, 'calico', wsn.status?.cidr, wsn.status?.vpcId, 'Allow', '3', 'Ready']);
    expect(lines[3]).toMatch(/^PROJECT +WORKSPACE +SUBNET +GATEWAY +SUBNET ID +ISOLATION +PHASE$/);
    for (const [i, name] of ['cli-api', 'cli-db', 'cli-web'].entries()) {
      const pjn = await env.admin.get<Pjn>(PROJECT_NETWORKS, name);
      expect(lines[4 + i]?.split(/ +/)).toEqual([name, SHOP, pjn.status?.cidr, pjn.status?.gateway, pjn.status?.subnetId, 'Inherit', 'Ready']);
    }
    expect(lines.slice(7)).toEqual(['', 'Everything is Ready: 1 workspace, 3 projects, 0 connections.', '']);
  });

  it('status -o json reports the same objects', async () => {
    const { code, out } = await tenantnet(['status', BANK, '-o', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as StatusReport;
    const wsn = await env.admin.get<Wsn>(WORKSPACE_NETWORKS, BANK);
    expect(report.workspaces).toEqual([{ name: BANK, provider: 'calico', cidr: wsn.status?.cidr, vpcId: wsn.status?.vpcId, intraWorkspace: 'Allow', projects: 2, bandwidth: {}, phase: 'Ready', reason: 'Provisioned' }]);
    expect(report.projects.map((p) => [p.name, p.phase])).toEqual([['cli-audit', 'Ready'], ['cli-ledger', 'Ready']]);
    expect(report.problems).toEqual([]);
  });

  it('matrix shows each workspace as one connected block and nothing across', async () => {
    const { code, out, err } = await tenantnet(['matrix', SHOP, BANK]);
    expect([code, err]).toEqual([0, '']);
    expect(out.split('\n')).toEqual([
      '#  WORKSPACE  PROJECT (FROM \\ TO)  1  2  3  4  5',
      '1  cli-bank   cli-audit            Y  Y  .  .  .',
      '2  cli-bank   cli-ledger           Y  Y  .  .  .',
      '3  cli-shop   cli-api              .  .  Y  Y  Y',
      '4  cli-shop   cli-db               .  .  Y  Y  Y',
      '5  cli-shop   cli-web              .  .  Y  Y  Y',
      '',
      'Y all traffic   P some ports   . nothing   (row = from, column = to)',
      '8 of 20 project pairs may connect.',
      '',
    ]);
  });

  it('connect creates a ProjectConnection, again is unchanged, with other flags is configured', async () => {
    const first = await tenantnet(['connect', 'cli-api', 'cli-ledger', '--port', 'tcp/8443']);
    expect(first).toEqual({ code: 0, out: 'projectconnection/cli-api.cli-ledger created: cli-api <-> cli-ledger, TCP/8443\n', err: '' });
    const live = await env.admin.get<ProjectConnection & KubeObject>(PROJECT_CONNECTIONS, 'cli-api.cli-ledger');
    expect(live.spec).toEqual({ from: { project: 'cli-api' }, to: { project: 'cli-ledger' }, bidirectional: true, ports: [{ protocol: 'TCP', port: 8443 }] });
    expect(live.metadata.managedFields?.map((f) => (f as { manager?: string }).manager)).toContain('kubectl-tenantnet');
    expect(await tenantnet(['connect', 'cli-api', 'cli-ledger', '--port=TCP/8443'])).toEqual({ code: 0, out: 'projectconnection/cli-api.cli-ledger unchanged: cli-api <-> cli-ledger, TCP/8443\n', err: '' });

    const oneWay = await tenantnet(['connect', 'cli-audit', 'cli-db', '--one-way']);
    expect(oneWay).toEqual({ code: 0, out: 'projectconnection/cli-audit.cli-db created: cli-audit -> cli-db, all ports\n', err: '' });
    const sameWorkspace = await tenantnet(['connect', 'cli-web', 'cli-api', '--port', 'tcp/80']);
    expect(sameWorkspace.out).toBe('projectconnection/cli-web.cli-api created: cli-web <-> cli-api, TCP/80\n');
    expect(sameWorkspace.err).toBe('note: cli-web already reaches cli-api through its workspace; the connection keeps them connected if that changes\n');
    const changed = await tenantnet(['connect', 'cli-web', 'cli-api', '--one-way', '--port', 'tcp/80']);
    expect(changed.out).toBe('projectconnection/cli-web.cli-api configured: cli-web -> cli-api, TCP/80\n');
    await eventually(async () => {
      const c = await env.admin.get<ProjectConnection & KubeObject>(PROJECT_CONNECTIONS, 'cli-api.cli-ledger');
      expect(c.status?.phase).toBe('Ready');
    });
  });

  it('isolate and workspace --intra change one field each and say so', async () => {
    expect(await tenantnet(['isolate', 'cli-db'])).toEqual({ code: 0, out: 'projectnetwork/cli-db configured: isolation Isolated\n', err: 'cli-db: other projects reach it only through ProjectConnections\n' });
    expect((await tenantnet(['isolate', 'cli-db'])).out).toBe('projectnetwork/cli-db unchanged: isolation Isolated\n');
    expect((await env.admin.get<Pjn>(PROJECT_NETWORKS, 'cli-db')).spec.isolation).toBe('Isolated');
    expect(await tenantnet(['workspace', BANK, '--intra', 'deny'])).toEqual({ code: 0, out: `workspacenetwork/${BANK} configured: intraWorkspace Deny (was Allow)\n`, err: '' });
    expect((await env.admin.get<Wsn>(WORKSPACE_NETWORKS, BANK)).spec.intraWorkspace).toBe('Deny');
    await converged();
  });

  it('matrix reflects the toggles, and every cell is what the rendered NetworkPolicies allow', async () => {
    const text = await tenantnet(['matrix', SHOP, BANK]);
    expect(text.out.split('\n')).toEqual([
      '#  WORKSPACE  PROJECT (FROM \\ TO)  1  2  3  4  5',
      '1  cli-bank   cli-audit            Y  .  .  Y  .',
      '2  cli-bank   cli-ledger           .  Y  P  .  .',
      '3  cli-shop   cli-api              .  P  Y  .  Y',
      '4  cli-shop   cli-db (isolated)    .  .  .  Y  .',
      '5  cli-shop   cli-web              .  .  Y  .  Y',
      '',
      'Y all traffic   P some ports   . nothing   (row = from, column = to)',
      '5 of 20 project pairs may connect, 2 only on some ports.',
      '',
      'Port-limited:',
      '  FROM        TO          PORTS',
      '  cli-ledger  cli-api     TCP/8443',
      '  cli-api     cli-ledger  TCP/8443',
      '',
      'intraWorkspace: Deny in cli-bank',
      '',
    ]);

    const json = JSON.parse((await tenantnet(['matrix', SHOP, BANK, '-o', 'json'])).out) as MatrixJson;
    expect(json.projects.map((p) => p.name)).toEqual(['cli-audit', 'cli-ledger', 'cli-api', 'cli-db', 'cli-web']);
    expect(json.cells).toHaveLength(25);
    expect(json.cells.filter((c) => c.allowed === 'ports')).toEqual([
      { from: 'cli-ledger', to: 'cli-api', allowed: 'ports', ports: [{ protocol: 'TCP', port: 8443 }] },
      { from: 'cli-api', to: 'cli-ledger', allowed: 'ports', ports: [{ protocol: 'TCP', port: 8443 }] },
    ]);
    // The grid is the intent; the policies in the apiserver are what is enforced. They agree.
    await eventually(async () => {
      const [on8443, on80] = await Promise.all([reachability(env.admin, PROJECTS, 8443), reachability(env.admin, PROJECTS, 80)]);
      for (const cell of json.cells) {
        const key = `${cell.from}->${cell.to}`;
        expect([key, on8443.get(key)]).toEqual([key, cell.allowed !== 'none']);
        expect([key, on80.get(key)]).toEqual([key, cell.allowed === 'all']);
      }
    }, 20_000, 200);
  });

  it('colours the matrix only for a terminal', async () => {
    const tty = await tenantnet(['matrix', SHOP], { tty: true });
    expect(tty.out).toContain(`${ESC}[32mY${ESC}[0m`);
    expect((await tenantnet(['matrix', SHOP])).out).not.toContain(ESC);
    expect((await tenantnet(['matrix', SHOP, '--color=never'], { tty: true })).out).not.toContain(ESC);
    expect((await tenantnet(['matrix', SHOP, '--color=always'])).out).toContain(ESC);
  });

  it('disconnect removes every connection between two projects and says what still connects them', async () => {
    expect(await tenantnet(['disconnect', 'cli-ledger', 'cli-api'])).toEqual({ code: 0, out: 'projectconnection/cli-api.cli-ledger deleted\n', err: '' });
    const sameWorkspace = await tenantnet(['disconnect', 'cli-api', 'cli-web']);
    expect(sameWorkspace).toEqual({ code: 0, out: 'projectconnection/cli-web.cli-api deleted\n', err: `note: cli-api and cli-web can still reach each other: they share workspace ${SHOP}, whose intraWorkspace is Allow\n` });
    await expect(env.admin.get(PROJECT_CONNECTIONS, 'cli-api.cli-ledger')).rejects.toThrow(/not found/);
    expect((await tenantnet(['matrix', SHOP, BANK])).out).not.toContain('Port-limited');
  });

  it('open undoes isolate, including KubeSphere\'s namespace annotation', async () => {
    expect(await tenantnet(['open', 'cli-db'])).toEqual({ code: 0, out: 'projectnetwork/cli-db configured: isolation Inherit\n', err: '' });
    await createNamespace(env.admin, 'cli-kso', BANK, { 'kubesphere.io/network-isolate': 'enabled' });
    await eventually(async () => { expect((await env.admin.get<Pjn>(PROJECT_NETWORKS, 'cli-kso')).status?.phase).toBe('Ready'); }, 20_000);
    expect((await tenantnet(['status', BANK])).out).toMatch(/^cli-kso +cli-bank .* Isolated \(annotation\) +Ready$/m);
    const opened = await tenantnet(['open', 'cli-kso']);
    expect(opened).toEqual({
      code: 0,
      out: 'projectnetwork/cli-kso unchanged: isolation Inherit\nnamespace/cli-kso annotation kubesphere.io/network-isolate=enabled removed\n',
      err: `note: workspace ${BANK} has intraWorkspace Deny, so cli-kso still reaches other projects only through ProjectConnections\n`,
    });
    const ns = await env.admin.get<KubeObject>(CORE.namespaces, 'cli-kso');
    expect(ns.metadata?.annotations?.['kubesphere.io/network-isolate']).toBeUndefined();
  });

  it.each([
    [['connect', 'cli-api', 'cli-ledgr'], 3, 'error: unknown project cli-ledgr: there is no namespace cli-ledgr; did you mean cli-ledger?\n'],
    [['isolate', 'default'], 3, 'error: namespace default is not a project: it has no kubesphere.io/workspace label\n'],
    [['isolate', 'kube-system'], 3, 'error: namespace kube-system is a system namespace, not a project\n'],
    [['disconnect', 'cli-web', 'cli-audit'], 3, 'error: no ProjectConnection links cli-web and cli-audit\n'],
    [['disconnect', 'cli-web', 'nope'], 3, 'error: unknown project nope: there is no namespace nope\n'],
    [['status', 'cli-shopp'], 3, 'error: unknown workspace cli-shopp; did you mean cli-shop?\n'],
    [['matrix', SHOP, 'nope-ws'], 3, 'error: unknown workspace nope-ws\n'],
    [['workspace', 'nope-ws', '--intra', 'deny'], 3, 'error: unknown workspace nope-ws\n'],
    [['connect', 'cli-api'], 2, "error: connect needs FROM TO\nRun 'kubectl tenantnet connect --help' for usage.\n"],
    [['matrix', '--context', 'nowhere'], 2, 'error: context nowhere is not in the kubeconfig (known: '],
  ] as const)('%j exits %d', async (argv, code, message) => {
    const outcome = await tenantnet(argv);
    expect(outcome.code).toBe(code);
    expect(outcome.err.startsWith(message)).toBe(true);
    expect(outcome.out).toBe('');
  });

  it('exits 4 when the API server cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tnc-cli-'));
    try {
      const path = join(dir, 'kubeconfig');
      writeFileSync(path, sharedCluster().adminKubeConfig('https://127.0.0.1:1').exportConfig());
      let err = '';
      const code = await runCli(['status', '--kubeconfig', path], { stdout: () => undefined, stderr: (t) => { err += t; }, stdoutIsTty: false, env: {} });
      expect(code).toBe(4);
      expect(err).toMatch(/^error: cannot reach the API server: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is found by kubectl as a plugin on PATH and prints the same as in-process', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'tnc-plugin-'));
    try {
      symlinkSync(resolve('scripts/kubectl-tenantnet'), join(bin, 'kubectl-tenantnet'));
      const run = promisify(execFile);
      // kubectl's discovery cache goes to the temporary directory, not ~/.kube/cache.
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(bin, 'cache') };
      const { stdout } = await run(ensureBinaries().kubectl, ['tenantnet', '--controller-namespace', SETTINGS_NS, 'matrix', SHOP, BANK], { env, timeout: 30_000 });
      expect(stdout).toBe((await tenantnet(['matrix', SHOP, BANK])).out);
      const failed = await run(ensureBinaries().kubectl, ['tenantnet', 'isolate', 'nope'], { env, timeout: 30_000 }).then(
        () => ({ code: 0 }),
        (e: unknown) => e as { code: number; stderr: string },
      );
      expect(failed.code).toBe(3);
      // kubectl's plugin completion: `kubectl tenantnet <TAB>` asks kubectl_complete-tenantnet.
      symlinkSync(resolve('scripts/kubectl_complete-tenantnet'), join(bin, 'kubectl_complete-tenantnet'));
      const completed = await run(ensureBinaries().kubectl, ['__complete', 'tenantnet', 'status', 'cli-s'], { env, timeout: 30_000 });
      expect(completed.stdout.split('\n').filter((l) => l !== '' && !l.startsWith(':'))).toEqual([SHOP]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }, 60_000);

  it('status -o yaml and -o json are the same versioned document', async () => {
    const yaml = await tenantnet(['status', SHOP, '-o', 'yaml']);
    const json = await tenantnet(['status', SHOP, '-o', 'json']);
    expect([yaml.code, yaml.err, json.code]).toEqual([0, '', 0]);
    const document = parseYaml(yaml.out) as StatusDocument;
    expect(document).toEqual(JSON.parse(json.out) as StatusDocument);
    expect([document.apiVersion, document.kind, document.workspace]).toEqual(['cli.sdn.kubesphere.io/v1', 'Status', SHOP]);
    expect(document.projects.map((p) => [p.name, p.reason])).toEqual([['cli-api', 'Provisioned'], ['cli-db', 'Provisioned'], ['cli-web', 'Provisioned']]);
  });

  it('why agrees with the NetworkPolicies in the apiserver for every pair of namespaces', async () => {
    await converged();
    const namespaces = [...PROJECTS, GATE, 'kube-system', NO_SETTINGS_NS];
    await eventually(async () => {
      const enforced = await reachability(env.admin, namespaces, 8443);
      for (const from of namespaces) {
        for (const to of namespaces) {
          const why = await tenantnet(['why', from, to, 'tcp/8443', '-o', 'json']);
          expect([why.code, why.err]).toEqual([0, '']);
          const answer = JSON.parse(why.out) as WhyDocument;
          expect([`${from}->${to}`, answer.allowed, answer.rule.id]).toEqual([`${from}->${to}`, enforced.get(`${from}->${to}`), answer.rule.id]);
        }
      }
    }, 20_000, 500);
  }, 120_000);

  it("judges by the controller's settings from its ConfigMap, and says when it has to assume the defaults", async () => {
    const withSettings = await tenantnet(['why', GATE, 'cli-web', 'tcp/80']);
    expect(withSettings.out.split('\n').slice(0, 2)).toEqual([`ALLOWED  ${GATE} -> cli-web on TCP/80`, `rule:  allowed-ingress-namespace: ${GATE} is in the controller's allowedIngressNamespaces`]);
    const assumed = await tenantnet(['--controller-namespace', NO_SETTINGS_NS, 'why', GATE, 'cli-web', 'tcp/80']);
    expect(assumed.err).toBe(`note: assuming the controller's default settings (system namespaces kube-system, kubesphere-system, kubesphere-controls-system, kubesphere-monitoring-system, kubesphere-logging-system, tenant-network-system; no allowed ingress namespaces or CIDRs): no ConfigMap labelled ${CONTROLLER_CONFIG_LABEL}=true in namespace ${NO_SETTINGS_NS}\n`);
    expect(assumed.out.split('\n')[0]).toBe(`DENIED  ${GATE} -> cli-web on TCP/80`);
  });

  it('--dry-run=server has the apiserver admit a change and keeps nothing; without it the change is made', async () => {
    const dry = await tenantnet(['connect', 'cli-web', 'cli-audit', '--dry-run=server']);
    expect(dry).toEqual({ code: 0, out: 'projectconnection/cli-web.cli-audit created (server dry run): cli-web <-> cli-audit, all ports\n', err: '' });
    await expect(env.admin.get(PROJECT_CONNECTIONS, 'cli-web.cli-audit')).rejects.toThrow(/not found/);
    const before = (await env.admin.get<Wsn>(WORKSPACE_NETWORKS, SHOP)).spec.bandwidth;
    expect((await tenantnet(['bandwidth', 'set', `workspace/${SHOP}`, '--ingress', '200M', '--dry-run=server'])).out).toBe(`workspacenetwork/${SHOP} configured (server dry run): bandwidth ingress 200M (was none)\n`);
    expect((await env.admin.get<Wsn>(WORKSPACE_NETWORKS, SHOP)).spec.bandwidth).toEqual(before);
    expect((await tenantnet(['bandwidth', 'set', `workspace/${SHOP}`, '--ingress', '200M', '--egress', '50M'])).out).toBe(`workspacenetwork/${SHOP} configured: bandwidth ingress 200M (was none), egress 50M (was none)\n`);
    expect((await env.admin.get<Wsn>(WORKSPACE_NETWORKS, SHOP)).spec.bandwidth).toEqual({ ingress: '200M', egress: '50M' });
    const shown = await tenantnet(['bandwidth', SHOP]);
    expect(shown.out).toContain('cli-web  cli-shop   200M (workspace)  50M (workspace)');
    expect((await tenantnet(['bandwidth', 'set', `workspace/${SHOP}`, '--ingress', 'none', '--egress', 'none'])).code).toBe(0);
    expect((await env.admin.get<Wsn>(WORKSPACE_NETWORKS, SHOP)).spec.bandwidth).toEqual({});
  });

  it('top lists every project, none sampled without a traffic source', async () => {
    const top = await tenantnet(['top', BANK]);
    const [header, ...rows] = top.out.split('\n\n')[0]?.split('\n') ?? [];
    expect(header?.split(/ +/)).toEqual(['PROJECT', 'WORKSPACE', 'IN', 'OUT', 'SAMPLED']);
    expect(rows.map((r) => r.split(/ +/))).toEqual([['cli-audit', BANK, '-', '-', 'never'], ['cli-kso', BANK, '-', '-', 'never'], ['cli-ledger', BANK, '-', '-', 'never']]);
  });

  it('kubectl get shows the Ready condition and its reason', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(ensureBinaries().kubectl, ['--kubeconfig', kubeconfig, 'get', 'pjn', 'cli-web', 'cli-api'], { timeout: 30_000 });
    const [header, ...rows] = stdout.trim().split('\n');
    expect(header?.split(/ +/)).toEqual(['NAME', 'WORKSPACE', 'CIDR', 'SUBNET', 'USED', 'PHASE', 'READY', 'REASON', 'AGE']);
    // USED is blank until the provider reports addresses in use (none on this apiserver).
    for (const row of rows) expect(row).toMatch(/ Ready +True +Provisioned +\S+$/);
  });
});
