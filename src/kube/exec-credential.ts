// kubeconfig `exec` credential plugins (client.authentication.k8s.io v1 and v1beta1), as kubectl
// runs them: the command (relative to its kubeconfig file when it names a path) with the user's env
// entries and KUBERNETES_EXEC_INFO, never interactive; its ExecCredential's token or client
// certificate is kept until expirationTimestamp (forever without one) and fetched again after the
// apiserver answers 401. This is how EKS (aws eks get-token), GKE (gke-gcloud-auth-plugin) and OIDC
// (kubelogin) clusters authenticate.
import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { stringField, type Entry } from './kubeconfig-merge.js';

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
export type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

export interface ExecConfig {
  readonly apiVersion: ExecApiVersion;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly installHint?: string;
  readonly provideClusterInfo: boolean;
  readonly interactiveMode: 'Never' | 'IfAvailable' | 'Always';
}

export interface ExecCredentialStatus {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  readonly expirationTimestamp?: string;
}

export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly error?: Error;
}

/** Runs the plugin: stdin closed, stderr passed through (as kubectl does), stdout captured. */
export type ExecRunner = (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<ExecResult>;

const INTERACTIVE_MODES = ['Never', 'IfAvailable', 'Always'] as const;

/** The `exec` entry of a kubeconfig user, checked as kubectl checks it. */
export function parseExecConfig(exec: Entry, user: string): ExecConfig {
  const where = `user ${JSON.stringify(user)}: exec`;
  const apiVersion = stringField(exec, 'apiVersion');
  if (!EXEC_API_VERSIONS.includes(apiVersion as ExecApiVersion)) {
    throw new Error(`${where}: apiVersion ${JSON.stringify(apiVersion ?? '')} is not one of ${EXEC_API_VERSIONS.join(', ')}`);
  }
  const command = stringField(exec, 'command');
  if (command === undefined) throw new Error(`${where}: command is missing`);
  const args = exec.args ?? [];
  if (!Array.isArray(args) || !args.every((a): a is string => typeof a === 'string')) throw new Error(`${where}: args must be a list of strings`);
  const env = exec.env ?? [];
  if (!Array.isArray(env) || !env.every((e): e is { name: string; value: string } => typeof e === 'object' && e !== null && typeof (e as Entry).name === 'string' && typeof (e as Entry).value === 'string')) {
    throw new Error(`${where}: env must be a list of {name, value}`);
  }
  const mode = stringField(exec, 'interactiveMode');
  // v1 makes the mode explicit; v1beta1 defaults to IfAvailable.
  if (mode === undefined && apiVersion === 'client.authentication.k8s.io/v1') throw new Error(`${where}: interactiveMode must be set for ${apiVersion}`);
  if (mode !== undefined && !INTERACTIVE_MODES.includes(mode as ExecConfig['interactiveMode'])) throw new Error(`${where}: interactiveMode ${JSON.stringify(mode)} is not one of ${INTERACTIVE_MODES.join(', ')}`);
  const installHint = stringField(exec, 'installHint');
  return {
    apiVersion: apiVersion as ExecApiVersion,
    command,
    args,
    env: env.map((e) => ({ name: e.name, value: e.value })),
    ...(installHint === undefined ? {} : { installHint }),
    provideClusterInfo: exec.provideClusterInfo === true,
    interactiveMode: (mode ?? 'IfAvailable') as ExecConfig['interactiveMode'],
  };
}

/** KUBERNETES_EXEC_INFO: the request, never interactive, with the cluster when the user asks for it. */
export function execInfo(config: ExecConfig, cluster: Entry): string {
  const clusterInfo: Record<string, unknown> = {};
  if (config.provideClusterInfo) {
    for (const key of ['server', 'tls-server-name', 'proxy-url', 'certificate-authority-data'] as const) {
      const value = stringField(cluster, key);
      if (value !== undefined) clusterInfo[key] = value;
    }
    if (cluster['insecure-skip-tls-verify'] === true) clusterInfo['insecure-skip-tls-verify'] = true;
    if (cluster['disable-compression'] === true) clusterInfo['disable-compression'] = true;
    const extensions = cluster.extensions;
    const own = Array.isArray(extensions) ? (extensions as unknown[]).find((e) => typeof e === 'object' && e !== null && (e as Entry).name === 'client.authentication.k8s.io/exec') : undefined;
    if (own !== undefined) clusterInfo.config = (own as Entry).extension;
  }
  return JSON.stringify({
    apiVersion: config.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, ...(config.provideClusterInfo ? { cluster: clusterInfo } : {}) },
  });
}

/** The plugin's output: an ExecCredential of the configured version with a token or a certificate and key. */
export function parseExecCredential(stdout: string, apiVersion: ExecApiVersion): ExecCredentialStatus {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error('exec plugin: its output is not JSON');
  }
  const doc = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Entry;
  if (doc.kind !== 'ExecCredential') throw new Error(`exec plugin: its output is a ${JSON.stringify(doc.kind ?? null)}, not an ExecCredential`);
  if (doc.apiVersion !== apiVersion) throw new Error(`exec plugin: configured for ${apiVersion}, it returned ${JSON.stringify(doc.apiVersion ?? null)}`);
  const status = (typeof doc.status === 'object' && doc.status !== null ? doc.status : {}) as Entry;
  const token = stringField(status, 'token');
  const cert = stringField(status, 'clientCertificateData');
  const key = stringField(status, 'clientKeyData');
  const expiry = stringField(status, 'expirationTimestamp');
  if ((cert === undefined) !== (key === undefined)) throw new Error('exec plugin: clientCertificateData and clientKeyData must come together');
  if (token === undefined && cert === undefined) throw new Error('exec plugin: it returned neither a token nor a client certificate and key');
  if (expiry !== undefined && Number.isNaN(Date.parse(expiry))) throw new Error(`exec plugin: expirationTimestamp ${JSON.stringify(expiry)} is not a time`);
  return {
    ...(token === undefined ? {} : { token }),
    ...(cert === undefined || key === undefined ? {} : { clientCertificateData: cert, clientKeyData: key }),
    ...(expiry === undefined ? {} : { expirationTimestamp: expiry }),
  };
}

/** Still usable at `now`: no expiry, or an expiry after now. */
export function credentialValid(status: ExecCredentialStatus, now: Date): boolean {
  return status.expirationTimestamp === undefined || Date.parse(status.expirationTimestamp) > now.getTime();
}

/** A command naming a path is relative to its kubeconfig file; a bare name is looked up on PATH. */
export function resolveCommand(command: string, kubeconfigDir: string): string {
  return command.includes('/') && !isAbsolute(command) ? join(kubeconfigDir, command) : command;
}

export const runExecPlugin: ExecRunner = (command, args, env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => { stdout += chunk; });
    child.once('error', (error) => { resolve({ code: null, stdout, error }); });
    child.once('close', (code) => { resolve({ code, stdout }); });
  });

export interface ExecCredentialSourceOptions {
  readonly config: ExecConfig;
  /** The kubeconfig cluster entry (for KUBERNETES_EXEC_INFO). */
  readonly cluster: Entry;
  /** The directory of the kubeconfig file that defined the user. */
  readonly baseDir: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly run?: ExecRunner;
  readonly now?: () => Date;
}

/** One user's plugin: runs it when there is no valid credential, one run at a time. */
export class ExecCredentialSource {
  private readonly options: ExecCredentialSourceOptions;
  private cached: ExecCredentialStatus | undefined;
  private running: Promise<ExecCredentialStatus> | undefined;

  constructor(options: ExecCredentialSourceOptions) {
    this.options = options;
  }

  async get(): Promise<ExecCredentialStatus> {
    const now = this.options.now?.() ?? new Date();
    if (this.cached !== undefined && credentialValid(this.cached, now)) return this.cached;
    this.running ??= this.fetch().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Forgets `used` after a 401 (unless a newer credential has replaced it); true if it was current. */
  invalidate(used: ExecCredentialStatus | undefined): boolean {
    if (used === undefined || used !== this.cached) return false;
    this.cached = undefined;
    return true;
  }

  /** The credential in use, if any (what the last request sent). */
  get current(): ExecCredentialStatus | undefined {
    return this.cached;
  }

  private async fetch(): Promise<ExecCredentialStatus> {
    const { config } = this.options;
    if (config.interactiveMode === 'Always') throw new Error(`exec plugin ${config.command} needs an interactive terminal (interactiveMode: Always), which this process does not have`);
    const env: NodeJS.ProcessEnv = { ...(this.options.env ?? process.env) };
    for (const { name, value } of config.env) env[name] = value;
    env.KUBERNETES_EXEC_INFO = execInfo(config, this.options.cluster);
    const command = resolveCommand(config.command, this.options.baseDir);
    const result = await (this.options.run ?? runExecPlugin)(command, config.args, env);
    if (result.error !== undefined) {
      const hint = config.installHint === undefined ? '' : `\n${config.installHint}`;
      throw new Error(`exec plugin ${config.command}: ${result.error.message}${hint}`);
    }
    if (result.code !== 0) throw new Error(`exec plugin ${config.command} failed with exit code ${String(result.code)}`);
    this.cached = parseExecCredential(result.stdout, config.apiVersion);
    return this.cached;
  }
}
