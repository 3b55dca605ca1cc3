// make test-netpol-conformance: the upstream Kubernetes NetworkPolicy specs ([Feature:NetworkPolicy]
// of k8s.io/kubernetes/test/e2e at the pinned version) against the test node, so that the enforcer the
// packet tests rely on (kube-router) is itself checked first. The suite's agnhost image is our offline
// build, imported under the name the suite asks for. SCTP specs are skipped: the node's kernel has no
// SCTP. Writes bench/results/netpol-conformance.{json,md}: counts and the specs that failed.
//   node_modules/.bin/node --import ./scripts/ts-hooks.js test/conformance/netpol-upstream.ts [--focus=REGEX]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBinaries } from '../harness/binaries.js';
import { K8S_VERSION, TOOLS_MODULE_DIR } from '../harness/node/node-binaries.js';
import { AGNHOST_IMAGE } from '../harness/node/node-images.js';
import { NodeCluster } from '../harness/node/node-cluster.js';

const focus = /--focus=(.+)/.exec(process.argv.slice(2).join(' '))?.[1] ?? '\\[Feature:NetworkPolicy\\]';
const log = (message: string): void => { process.stdout.write(`[netpol-conformance] ${message}\n`); };

/** The agnhost reference the pinned e2e suite pulls (test/utils/image/manifest.go). */
function upstreamAgnhostReference(): string {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${K8S_VERSION}`], { cwd: TOOLS_MODULE_DIR, encoding: 'utf8' })) as { Dir: string };
  const manifest = readFileSync(join(info.Dir, 'test', 'utils', 'image', 'manifest.go'), 'utf8');
  const version = /configs\[Agnhost\] = Config\{list\.PromoterE2eRegistry, "agnhost", "([^"]+)"\}/.exec(manifest)?.[1];
  if (version === undefined) throw new Error('cannot find the agnhost version in the e2e image manifest');
  return `registry.k8s.io/e2e-test-images/agnhost:${version}`;
}

interface SpecResult {
  readonly name: string;
  readonly status: string;
  readonly seconds: number;
}

function specResults(junit: string): SpecResult[] {
  const decode = (s: string): string => s.replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return [...junit.matchAll(/<testcase name="\[It\] ([^"]*)" classname="[^"]*" status="([^"]*)" time="([^"]*)"/g)]
    .map((m) => ({ name: decode(m[1] ?? ''), status: m[2] ?? '', seconds: Number(m[3] ?? 0) }))
    .filter((r) => r.status !== 'skipped');
}

const e2e = join(buildBinaries('conformance').get('controlplane') ?? '', 'e2e.test');
const reportDir = mkdtempSync(join(tmpdir(), 'tnc-netpol-e2e-'));
const node = await NodeCluster.start({ progress: log });
const started = Date.now();
try {
  await node.ctr(['images', 'tag', '--force', AGNHOST_IMAGE, upstreamAgnhostReference()]);
  log(`running the upstream specs matching ${focus} (about 30 s each)`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(e2e, [
      `--kubeconfig=${node.kubeconfigPath}`, '--provider=skeleton', '--minStartupPods=0',
      `--ginkgo.focus=${focus}`, '--ginkgo.skip=SCTPConnectivity', '--ginkgo.no-color', '--ginkgo.timeout=3h',
      `--report-dir=${reportDir}`,
    ], { cwd: reportDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (/^(•|\[FAIL\]|Ran \d+|SUCCESS|FAIL!)/.test(line.trim())) log(line.trim().slice(0, 200));
    };
    child.stdout.on('data', lines);
    child.stderr.on('data', lines);
    child.on('close', resolve);
  });
  const results = specResults(readFileSync(join(reportDir, 'junit_01.xml'), 'utf8'));
  const failed = results.filter((r) => r.status !== 'passed');
  const summary = {
    suite: `k8s.io/kubernetes/test/e2e ${K8S_VERSION}`,
    focus,
    skipped: 'SCTPConnectivity (no SCTP in this kernel)',
    enforcer: 'kube-router v2.1.0 (--run-firewall only)',
    exitCode: code,
    minutes: Math.round((Date.now() - started) / 600) / 100,
    passed: results.length - failed.length,
    failed: failed.length,
    failures: failed.map((f) => ({ spec: f.name, status: f.status })),
  };
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'netpol-conformance.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(outDir, 'netpol-conformance.md'), [
    `# Upstream NetworkPolicy specs against the test node (kube-router v2.1.0, ${K8S_VERSION})`,
    '',
    `${summary.passed} passed, ${summary.failed} failed of ${results.length} run, in ${summary.minutes} minutes. SCTP specs skipped.`,
    '',
    ...(failed.length === 0 ? [] : ['Failed:', '', ...failed.map((f) => `- ${f.name} (${f.status})`), '']),
  ].join('\n'));
  log(`${summary.passed} passed, ${summary.failed} failed; results in bench/results/netpol-conformance.json`);
} finally {
  await node.stop();
  rmSync(reportDir, { recursive: true, force: true });
}
