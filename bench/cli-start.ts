// make bench-cli: how fast `kubectl tenantnet` answers on 5,000 projects (the target: `status` under
// 2 s), cold — a new process each time, as a user's shell runs it. A local apiserver gets 200
// workspaces x 25 projects, the controller provisions them (so the CLI reads real, Ready objects),
// then each form of the CLI runs `status` and `status -o json` five times: from dist/ (what the
// image carries) and the single-file bundle (dist-cli/, `make cli-bundle`; what krew installs).
// Results in bench/results/cli-start.{json,md}.
//   node_modules/.bin/node --import ./scripts/ts-hooks.js bench/cli-start.ts
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { PROJECT_NETWORKS } from '../src/api/resources.js';
import type { KubeObject } from '../src/kube/kube-client.js';
import { freePort } from '../test/harness/ports.js';
import { ControllerProcess } from './lib/controller-process.js';
import { BENCH_NAMESPACE, startTenantPlane } from './lib/bench-plane.js';
import type { Shape } from './lib/tenants.js';
import { percentile } from './lib/waiter.js';

const SHAPE: Shape = { prefix: 'cli', workspaces: 200, projectsPerWorkspace: 25 };
const PROJECTS = SHAPE.workspaces * SHAPE.projectsPerWorkspace;
const RUNS = 5;
const NODE = join(process.cwd(), 'node_modules/.bin/node');
const log = (message: string): void => { process.stdout.write(`[bench-cli] ${message}\n`); };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function timed(command: readonly string[], kubeconfig: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(NODE, [...command, `--kubeconfig=${kubeconfig}`], { maxBuffer: 256 * 1024 * 1024 }, (err, out, stderr) => {
      if (err !== null) reject(new Error(`${command.join(' ')}: ${stderr}`));
      else resolve({ ms: Math.round(performance.now() - started), bytes: out.length });
    });
  });
}

const { plane, admin } = await startTenantPlane(SHAPE);
let controller: ControllerProcess | undefined;
try {
  const probePort = await freePort();
  controller = ControllerProcess.start({ kubeconfigPath: plane.kubeconfigPath, namespace: BENCH_NAMESPACE, probePort, logPath: join(plane.rootDir, 'controller.log'), env: { TNC_CONCURRENCY: '8', TNC_VPC_POOL: '10.0.0.0/8' } });
  for (;;) {
    const ready = (await admin.list<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS)).items.filter((p) => p.status?.phase === 'Ready').length;
    if (ready === PROJECTS) break;
    await sleep(2000);
  }
  log(`${PROJECTS} projects Ready`);
  await controller.stop();
  controller = undefined;
  await admin.close();

  const forms: [string, string[]][] = [['dist/cli/main.js', [join(process.cwd(), 'dist/cli/main.js')]]];
  const bundle = join(process.cwd(), 'dist-cli/kubectl-tenantnet.cjs');
  if (existsSync(bundle)) forms.push(['dist-cli/kubectl-tenantnet.cjs (bundle)', [bundle]]);
  const rows: { form: string; command: string; p50Ms: number; maxMs: number; outputBytes: number }[] = [];
  for (const [form, base] of forms) {
    for (const args of [['status'], ['status', '-o', 'json']]) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i += 1) {
        const run = await timed([...base, ...args], plane.kubeconfigPath);
        times.push(run.ms);
        bytes = run.bytes;
      }
      rows.push({ form, command: `status${args.length > 1 ? ' -o json' : ''}`, p50Ms: percentile(times, 50), maxMs: Math.max(...times), outputBytes: bytes });
      log(`${form} ${args.join(' ')}: p50 ${percentile(times, 50)} ms, max ${Math.max(...times)} ms over ${RUNS} cold starts`);
    }
  }
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'cli-start.json'), `${JSON.stringify({ scenario: 'cli-start', projects: PROJECTS, runs: RUNS, cpus: cpus().length, commit, rows }, null, 2)}\n`);
  writeFileSync(join(outDir, 'cli-start.md'), [
    `# cli-start: kubectl tenantnet on ${PROJECTS} projects, a new process each run (${cpus().length} cores, commit ${commit})`,
    '',
    '| form | command | p50 ms | max ms | output bytes |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.form} | ${r.command} | ${r.p50Ms} | ${r.maxMs} | ${r.outputBytes} |`),
    '',
  ].join('\n'));
  log('results: bench/results/cli-start.json');
} finally {
  await controller?.stop();
  await plane.stop();
}
