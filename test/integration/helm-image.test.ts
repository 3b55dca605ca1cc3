// What the image holds, checked without Docker: `npm run build` output plus the production-only
// dependency tree (`npm ci --omit=dev`, as the Dockerfile runs it) start the controller. An invalid
// configuration exits 2 naming the bad value; the chart's rendered config file, with a token of the
// chart's ServiceAccount, gives a controller that becomes ready, leads, and stops cleanly on SIGTERM.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { writeKubeconfig } from '../harness/cluster-access.js';
import { sharedCluster } from '../harness/shared.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';
import { deleteNamespace } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { CHART_DIR, helm, helmOk, REPO_ROOT, SHARED_APISERVER_VALUES } from '../support/helm.js';

const NODE = join(REPO_ROOT, 'node_modules/.bin/node');

function run(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 170_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } }, (err, _stdout, stderr) => {
      if (err === null) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim().slice(-2000)}`));
    });
  });
}

interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => { child.once('exit', (code) => { resolve({ code, stderr }); }); });
}

/** The controller as the image runs it: the repository's Node 24 on the built tree, nothing else. */
function startController(image: string, args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(NODE, ['--enable-source-maps', join(image, 'dist/cmd/main.js'), ...args], { cwd: image, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the image contents: build output and production dependencies', () => {
  const image = mkdtempSync(join(tmpdir(), 'tnc-image-'));
  const cluster = sharedCluster();
  const kubeconfig = cluster.state.adminKubeconfigPath;
  const suffix = Date.now().toString(36);
  const release = `tnc-img-${suffix}`;
  const namespace = `tnc-img-${suffix}`;
  const fullname = `${release}-tenant-network-controller`;
  let admin: KubeClient;

  beforeAll(async () => {
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(REPO_ROOT, file), join(image, file));
    // The Dockerfile's two stages, side by side. The npm cache of `make deps` serves the packages.
    await Promise.all([
      run('npm', ['run', '-s', 'build', '--', '--outDir', join(image, 'dist')], REPO_ROOT),
      run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], image),
    ]);
    admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
  }, 180_000);

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace], { kubeconfig });
    await deleteNamespace(admin, namespace).catch(() => undefined);
    await admin.close();
    rmSync(image, { recursive: true, force: true });
  });

  it('holds dist/cmd/main.js and production dependencies only', () => {
    expect(existsSync(join(image, 'dist/cmd/main.js'))).toBe(true);
    for (const runtime of ['undici', 'pino', 'prom-client', 'yaml', 'p-queue', 'ip-address']) expect(existsSync(join(image, 'node_modules', runtime))).toBe(true);
    for (const dev of ['typescript', 'jest', '@swc/core', 'eslint', 'fast-check', 'node']) expect(existsSync(join(image, 'node_modules', dev))).toBe(false);
  });

  it('refuses an invalid configuration with exit code 2 and names the bad value', async () => {
    const exit = await exitOf(startController(image, ['--provider=bogus'], {}));
    expect(exit.stderr).toContain('invalid configuration');
    expect(exit.stderr).toContain('provider: "bogus" is not one of calico, qingcloud');
    expect(exit.code).toBe(2);
  });

  it('refuses a bad provider setting the same way, before building the provider', async () => {
    writeFileSync(join(image, 'bad-block.json'), JSON.stringify({ calico: { blockSize: 40 } }));
    const exit = await exitOf(startController(image, [`--config=${join(image, 'bad-block.json')}`], {}));
    expect(exit.stderr).toContain('invalid configuration');
    expect(exit.stderr).toContain('calico.blockSize: blockSize must be an integer 20-32');
    expect(exit.code).toBe(2);
  });

  it('starts from the chart\'s config file with the chart\'s ServiceAccount: ready, leading, clean stop', async () => {
    await cluster.installCrds(ALL_CRD_FILES);
    await helmOk(['install', release, CHART_DIR, '--namespace', namespace, '--create-namespace', ...SHARED_APISERVER_VALUES], { kubeconfig });
    const configMap = await admin.get<KubeObject & V1ConfigMap>(CORE.configMaps, fullname, namespace);
    // Where the pod would see the ConfigMap and its token.
    writeFileSync(join(image, 'config.json'), configMap.data?.['config.json'] ?? '');
    writeKubeconfig(await cluster.serviceAccountKubeConfig(namespace, fullname), join(image, 'kubeconfig'));

    const pod = `${release}-pod-0`;
    // --probe-port=0, --webhook-port=0: free ports here instead of the chart's 8081 and 9443 (flags
    // override the file). Readiness includes the webhook, which the chart enables.
    const child = startController(image, [`--config=${join(image, 'config.json')}`, '--probe-port=0', '--webhook-port=0'], { KUBECONFIG: join(image, 'kubeconfig'), POD_NAME: pod, POD_NAMESPACE: namespace });
    const exited = exitOf(child);
    try {
      const stdout = child.stdout;
      if (stdout === null) throw new Error('no stdout pipe');
      const started = await new Promise<{ probePort: number; provider: string }>((resolve, reject) => {
        const lines = createInterface({ input: stdout });
        lines.on('line', (line) => {
          const entry = JSON.parse(line) as { msg?: string; probePort?: number; provider?: string };
          if (entry.msg === 'tenant-network-controller started') resolve({ probePort: entry.probePort ?? 0, provider: entry.provider ?? '' });
        });
        child.once('exit', (code) => { reject(new Error(`controller exited with ${String(code)} before starting`)); });
      });
      expect(started.provider).toBe('calico');
      await eventually(async () => {
        const ready = await fetch(`http://127.0.0.1:${started.probePort}/readyz`);
        expect(ready.status).toBe(200);
      }, 20_000);
      expect((await fetch(`http://127.0.0.1:${started.probePort}/healthz`)).status).toBe(200);
      const lease = (): Promise<KubeObject & { spec?: { holderIdentity?: string } }> => admin.get(CORE.leases, fullname, namespace);
      await eventually(async () => { expect((await lease()).spec?.holderIdentity).toBe(pod); }, 20_000);

      child.kill('SIGTERM');
      const exit = await exited;
      expect(exit.stderr).toBe('');
      expect(exit.code).toBe(0);
      expect((await lease()).spec?.holderIdentity).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
