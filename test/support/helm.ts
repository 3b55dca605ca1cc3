// Helm against the project's chart: the pinned helm binary (test/harness/binaries.ts), private
// helm home directories (no user state read or written), and rendered output parsed into objects.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { ensureBinaries } from '../harness/binaries.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHART_DIR = join(REPO_ROOT, 'charts/tenant-network-controller');
/** The local control plane's version (test/tools/build-binaries.sh K8S_VERSION). */
export const KUBE_VERSION = '1.36.3';

/**
 * For installs on the shared apiserver: a release's admission objects act cluster-wide, so they must
 * not reach other test files. The webhook selects no namespace (nothing serves its Service here; its
 * configuration is still created and its caBundle kept). The protection policies are left out: until
 * the apiserver has seen their parameters ConfigMap (a moment after install) their bindings deny every
 * namespace write cluster-wide (parameterNotFoundAction: Deny), which would fail other files' tests.
 * test/integration/vap-protection.test.ts runs the same generated policies on their own.
 */
export const SHARED_APISERVER_VALUES: readonly string[] = [
  '--set-json', 'webhook.extraNamespaceSelectorExpressions=[{"key":"tnc-test/never-selected","operator":"Exists"}]',
  '--set', 'admissionPolicies.enabled=false',
];

export interface HelmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface HelmOptions {
  readonly kubeconfig?: string;
  readonly timeoutMs?: number;
}

/** One shared, empty helm home: the tests use no repositories or plugins, so nothing in it matters. */
const HELM_HOME = join(tmpdir(), 'tnc-helm-home');
let helmBinary: string | undefined;

function helmEnv(kubeconfig: string | undefined): NodeJS.ProcessEnv {
  const helmHome = HELM_HOME;
  mkdirSync(helmHome, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: helmHome,
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_DATA_HOME: join(helmHome, 'data'),
    ...(kubeconfig === undefined ? {} : { KUBECONFIG: kubeconfig }),
  };
}

/** Runs helm; resolves with its exit code and output (never rejects on a non-zero exit). */
export function helm(args: readonly string[], options: HelmOptions = {}): Promise<HelmResult> {
  helmBinary ??= ensureBinaries().helm;
  const binary = helmBinary;
  return new Promise((resolve) => {
    execFile(binary, args, { env: helmEnv(options.kubeconfig), timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs helm and returns stdout; a non-zero exit throws with helm's stderr. */
export async function helmOk(args: readonly string[], options: HelmOptions = {}): Promise<string> {
  const result = await helm(args, options);
  if (result.code !== 0) throw new Error(`helm ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** Writes values to a temporary file for `-f` (JSON is YAML); returns the path and a cleanup. */
export function valuesFile(values: unknown): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tnc-values-'));
  const path = join(dir, 'values.json');
  writeFileSync(path, JSON.stringify(values));
  return { path, remove: () => { rmSync(dir, { recursive: true, force: true }); } };
}

export interface RenderOptions {
  readonly release?: string;
  readonly namespace?: string;
  readonly values?: unknown;
  readonly kubeVersion?: string;
  readonly extraArgs?: readonly string[];
}

export function parseManifests(text: string): KubeObject[] {
  return parseAllDocuments(text).map((doc) => doc.toJS() as unknown).filter((o): o is KubeObject => o !== null && typeof o === 'object');
}

/** `helm template` of the chart; a failing render throws with helm's message. */
export async function renderChart(options: RenderOptions = {}): Promise<KubeObject[]> {
  const file = options.values === undefined ? undefined : valuesFile(options.values);
  try {
    const stdout = await helmOk([
      'template', options.release ?? 'tnc', CHART_DIR,
      '--namespace', options.namespace ?? 'tenant-network-system',
      '--kube-version', options.kubeVersion ?? KUBE_VERSION,
      ...(file === undefined ? [] : ['-f', file.path]),
      ...(options.extraArgs ?? []),
    ]);
    return parseManifests(stdout);
  } finally {
    file?.remove();
  }
}

/** The one object of a kind (and name, when given); throws when there is not exactly one. */
export function only(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name === undefined ? '' : ` ${name}`}, found ${found.length}`);
  return found[0] as KubeObject;
}
