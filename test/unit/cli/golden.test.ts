// Exact output of kubectl tenantnet, command by command, against the sample cluster served from
// memory (src/cli/fake-cluster.test-support.ts): stdout, stderr and the exit code of each line are
// kept in test/unit/cli/golden/<case>.txt. A change of output fails here until the golden file is
// regenerated (UPDATE_GOLDEN=1) and the diff reviewed.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleCluster, SAMPLE_NAMESPACE, SAMPLE_RELEASE, type FakeCluster } from '../../../src/cli/fake-cluster.test-support.js';
import { runCli } from '../../../src/cli/run.js';
import { SAMPLE_NOW } from '../../../src/cli/snapshot.test-support.js';

const DIR = join(import.meta.dirname, 'golden');

interface Case {
  readonly name: string;
  readonly argv: readonly string[];
  /** Changes to the sample cluster before the command runs. */
  readonly setup?: (cluster: FakeCluster) => void;
}

const without = (plural: string, name: string) => (cluster: FakeCluster): void => { cluster.remove(plural, name); };

const CASES: readonly Case[] = [
  { name: 'status', argv: ['status'] },
  { name: 'status-wide', argv: ['status', '-o', 'wide'] },
  { name: 'status-json', argv: ['status', 'bank', '-o', 'json'] },
  { name: 'status-yaml', argv: ['status', 'shop', '-o', 'yaml'] },
  { name: 'status-name', argv: ['status', '-o', 'name'] },
  { name: 'status-settings-forbidden', argv: ['status', 'bank'], setup: (c) => { c.forbidden.add('list configmaps'); } },
  { name: 'status-settings-missing', argv: ['status', 'bank'], setup: without('configmaps', SAMPLE_RELEASE) },
  { name: 'matrix', argv: ['matrix'] },
  { name: 'matrix-wide', argv: ['matrix', '-o', 'wide'] },
  { name: 'matrix-yaml', argv: ['matrix', 'bank', '-o', 'yaml'] },
  { name: 'matrix-name', argv: ['matrix', 'shop', '-o', 'name'] },
  { name: 'why-connection', argv: ['why', 'api', 'ledger', 'tcp/8443'] },
  { name: 'why-connection-ports', argv: ['why', 'api', 'ledger', '80/tcp'] },
  { name: 'why-connection-any-port', argv: ['why', 'ledger', 'api'] },
  { name: 'why-other-workspace', argv: ['why', 'web', 'ledger', 'tcp/443'] },
  { name: 'why-intra-deny', argv: ['why', 'ledger', 'audit'] },
  { name: 'why-isolated', argv: ['why', 'web', 'db', '5432'] },
  { name: 'why-one-way', argv: ['why', 'db', 'audit'] },
  { name: 'why-same-workspace-pod', argv: ['why', 'web/web-1', 'api', 'tcp/8080', '-o', 'wide'] },
  { name: 'why-host-network', argv: ['why', 'web/agent', 'ledger'] },
  { name: 'why-system', argv: ['why', 'kube-system', 'db', 'udp/53'] },
  { name: 'why-allowed-ingress-namespace', argv: ['why', 'ingress-nginx', 'web', 'tcp/80'] },
  { name: 'why-unmanaged', argv: ['why', 'default', 'web'] },
  { name: 'why-egress-isolation', argv: ['why', 'web', 'default'] },
  { name: 'why-outside', argv: ['why', 'api', '8.8.8.8', 'tcp/443'] },
  { name: 'why-pod-range', argv: ['why', 'api', '10.244.1.5'] },
  { name: 'why-pod-address', argv: ['why', 'audit', '10.128.0.17', 'tcp/80'] },
  { name: 'why-ingress-cidr', argv: ['why', '203.0.113.7', 'api', 'tcp/443'] },
  { name: 'why-outside-ingress', argv: ['why', '198.51.100.1', 'api'] },
  { name: 'why-yaml', argv: ['why', 'api', 'ledger', 'tcp/8443', '-o', 'yaml'] },
  { name: 'why-json', argv: ['why', 'web', 'db', '-o', 'json'] },
  { name: 'why-name', argv: ['why', 'api', 'ledger', 'tcp/8443', '-o', 'name'] },
  { name: 'why-unknown-namespace', argv: ['why', 'webb', 'api'] },
  { name: 'why-unknown-pod', argv: ['why', 'web/nope', 'api'] },
  { name: 'top', argv: ['top'] },
  { name: 'top-wide', argv: ['top', 'shop', '-o', 'wide', '--sort-by', 'egress'] },
  { name: 'top-yaml', argv: ['top', 'bank', '-o', 'yaml'] },
  { name: 'bandwidth', argv: ['bandwidth'] },
  { name: 'bandwidth-wide', argv: ['bandwidth', 'shop', '-o', 'wide'] },
  { name: 'bandwidth-json', argv: ['bandwidth', 'shop', '-o', 'json'] },
  { name: 'bandwidth-set-workspace', argv: ['bandwidth', 'set', 'workspace/shop', '--egress', '20M', '--ingress', '100M', '--dry-run=server'] },
  { name: 'bandwidth-set-project', argv: ['bandwidth', 'set', 'project/db', '--egress', 'none'] },
  { name: 'bandwidth-set-unchanged', argv: ['bandwidth', 'set', 'workspace/shop', '--ingress', '100000k'] },
  { name: 'connect-dry-run-client', argv: ['connect', 'web', 'ledger', '--port', 'tcp/443', '--dry-run=client'] },
  { name: 'connect-dry-run-server', argv: ['connect', 'web', 'api', '--one-way', '--dry-run=server'] },
  { name: 'disconnect-dry-run', argv: ['disconnect', 'ledger', 'api', '--dry-run=server'] },
  { name: 'isolate-dry-run', argv: ['isolate', 'web', '--dry-run=client'] },
  { name: 'workspace-dry-run', argv: ['workspace', 'shop', '--intra', 'deny', '--dry-run=server'] },
  { name: 'check', argv: ['check'] },
  { name: 'check-json', argv: ['check', '-o', 'json'] },
  { name: 'check-no-project', argv: ['check', '--controller-namespace', SAMPLE_NAMESPACE], setup: (c) => { c.set('projectnetworks', []); } },
  { name: 'check-unhealthy', argv: ['check'], setup: (c) => { c.texts.clear(); c.podAdmission = (pod) => pod; c.unserved.add('projectconnections'); } },
  { name: 'completion-bash', argv: ['completion', 'bash'] },
  { name: 'completion-zsh', argv: ['completion', 'zsh'] },
];

async function run(c: Case): Promise<string> {
  const cluster = sampleCluster();
  c.setup?.(cluster);
  let out = '';
  let err = '';
  const code = await runCli(c.argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, stdoutIsTty: false, env: {} }, {
    openSession: () => Promise.resolve({ client: cluster.client(), source: 'sample (https://fake.invalid)' }),
    now: () => SAMPLE_NOW,
  });
  const writes = cluster.writes.map((w) => `${w.verb} ${w.resource}${w.namespace === undefined ? '' : ` -n ${w.namespace}`} ${w.name}${w.dryRun ? ' dryRun=All' : ''}${w.body === undefined || w.verb === 'create' ? '' : ` ${JSON.stringify(w.verb === 'apply' ? (w.body as { spec?: unknown }).spec : w.body)}`}`);
  return [`$ kubectl tenantnet ${c.argv.join(' ')}`, `exit ${code}`, '--- stdout', out, '--- stderr', err, '--- requests that write', ...writes, ''].join('\n');
}

describe('kubectl tenantnet output, exactly', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const actual = await run(c);
    const path = join(DIR, `${name}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(DIR, { recursive: true });
      writeFileSync(path, actual);
    }
    expect(existsSync(path) ? readFileSync(path, 'utf8') : `(no golden file ${name}.txt: run with UPDATE_GOLDEN=1)`).toBe(actual);
  });

  it('has no golden file without a case', () => {
    const names = new Set(CASES.map((c) => `${c.name}.txt`));
    const files = existsSync(DIR) ? readdirSync(DIR) : [];
    expect(files.filter((f) => !names.has(f))).toEqual([]);
  });
});
