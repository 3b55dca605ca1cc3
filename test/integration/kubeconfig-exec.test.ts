// kubeconfig like kubectl, against the real local apiserver: KUBECONFIG=missing:a:b merged (first
// definition and current-context win, paths relative to their file), and exec credential plugins —
// a shell script that prints an ExecCredential prepared by the test: a service-account token
// (v1) or a client certificate minted for a user (v1beta1). The apiserver's SelfSubjectReview says
// who the request was; the script's log says how often it ran and what KUBERNETES_EXEC_INFO held.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConnection } from '../../src/kube/connection.js';
import { KubeClient, type RequestInfo } from '../../src/kube/kube-client.js';
import { sharedCluster } from '../harness/shared.js';
import { ALL_CRD_FILES } from '../support/crd-paths.js';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const NAMESPACE = 'kubeconfig-exec';
const SERVICE_ACCOUNT = 'exec-sa';

/** Prints <dir>/<name>.<run>.json if present, else <dir>/<name>.json; logs KUBERNETES_EXEC_INFO per run. */
const PLUGIN = `#!/bin/sh
dir=$(dirname "$0")
name=$1
echo "$KUBERNETES_EXEC_INFO" >> "$dir/$name.runs"
run=$(wc -l < "$dir/$name.runs" | tr -d ' ')
if [ -f "$dir/$name.$run.json" ]; then cat "$dir/$name.$run.json"; else cat "$dir/$name.json"; fi
`;

interface UserInfo {
  readonly username: string;
  readonly groups: readonly string[];
}

async function whoami(client: KubeClient): Promise<UserInfo> {
  const review = await client.request<{ status: { userInfo: UserInfo } }>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  return review.status.userInfo;
}

describe('kubeconfig files and exec credential plugins', () => {
  const clients: KubeClient[] = [];
  let dir: string;
  let server: string;
  let token: string;
  let alice: { cert: string; key: string };
  let bob: { cert: string; key: string };

  function credential(name: string, status: Record<string, unknown>, apiVersion: string, run?: number): void {
    writeFileSync(join(dir, `${name}${run === undefined ? '' : `.${run}`}.json`), JSON.stringify({ apiVersion, kind: 'ExecCredential', status }));
  }

  function runs(name: string): Record<string, unknown>[] {
    const path = join(dir, `${name}.runs`);
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  }

  /** A one-context kubeconfig whose user runs the plugin for `name`. */
  function execKubeconfig(name: string, apiVersion: string): string {
    const path = join(dir, `${name}.kubeconfig`);
    writeFileSync(path, JSON.stringify({
      'current-context': name,
      clusters: [{ name: 'local', cluster: { server, 'certificate-authority': 'ca.crt' } }],
      users: [{ name, user: { exec: { apiVersion, command: './plugin.sh', args: [name], interactiveMode: 'Never' } } }],
      contexts: [{ name, context: { cluster: 'local', user: name } }],
    }));
    return path;
  }

  function client(env: Record<string, string>, context?: string, onRequest?: (r: RequestInfo) => void): KubeClient {
    const c = new KubeClient(loadConnection({ PATH: process.env.PATH, ...env }, context), onRequest === undefined ? {} : { onRequest });
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    const cluster = sharedCluster();
    server = cluster.serverUrl;
    const sa = (await cluster.serviceAccountKubeConfig(NAMESPACE, SERVICE_ACCOUNT)).getCurrentUser();
    token = sa?.token ?? '';
    const pem = async (user: string, groups: string[]): Promise<{ cert: string; key: string }> => {
      const u = (await cluster.userKubeConfig(user, groups)).getCurrentUser();
      return { cert: Buffer.from(u?.certData ?? '', 'base64').toString(), key: Buffer.from(u?.keyData ?? '', 'base64').toString() };
    };
    alice = await pem('exec-alice', ['exec-group', 'system:masters']);
    bob = await pem('exec-bob', ['exec-group']);
    dir = mkdtempSync(join(tmpdir(), 'tnc-exec-'));
    writeFileSync(join(dir, 'plugin.sh'), PLUGIN, { mode: 0o755 });
    writeFileSync(join(dir, 'ca.crt'), cluster.state.serverCaPem);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('merges KUBECONFIG=missing:a:b like kubectl; a v1 plugin gives the first file\'s context a service-account token', async () => {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'ca.crt'), sharedCluster().state.serverCaPem);
    // a: the current context, the real cluster (its CA relative to a/), a token user whose plugin
    // path is relative to a/ and who asks for the cluster's details.
    writeFileSync(join(dir, 'a', 'config'), JSON.stringify({
      'current-context': 'sa',
      clusters: [{ name: 'local', cluster: { server, 'certificate-authority': 'ca.crt' } }],
      users: [{ name: 'sa-user', user: { exec: { apiVersion: V1, command: '../plugin.sh', args: ['sa'], interactiveMode: 'Never', provideClusterInfo: true } } }],
      contexts: [{ name: 'sa', context: { cluster: 'local', user: 'sa-user' } }],
    }));
    // b: another current-context and other definitions of a's names (all ignored), plus a context
    // of its own whose user runs a v1beta1 plugin for a client certificate.
    writeFileSync(join(dir, 'b', 'config'), JSON.stringify({
      'current-context': 'cert',
      clusters: [{ name: 'local', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'sa-user', user: { token: 'not-this' } }, { name: 'cert-user', user: { exec: { apiVersion: V1BETA1, command: join(dir, 'plugin.sh'), args: ['cert'] } } }],
      contexts: [{ name: 'sa', context: { cluster: 'local', user: 'cert-user' } }, { name: 'cert', context: { cluster: 'local', user: 'cert-user' } }],
    }));
    credential('sa', { token }, V1);
    credential('cert', { clientCertificateData: alice.cert, clientKeyData: alice.key }, V1BETA1);
    const env = { KUBECONFIG: [join(dir, 'missing'), join(dir, 'a', 'config'), join(dir, 'b', 'config')].join(':') };

    const sa = client(env);
    expect((await whoami(sa)).username).toBe(`system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}`);
    expect((await whoami(sa)).username).toBe(`system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}`);
    expect(runs('sa')).toEqual([{
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server, 'certificate-authority-data': Buffer.from(sharedCluster().state.serverCaPem).toString('base64') } },
    }]);

    const cert = await whoami(client(env, 'cert'));
    expect(cert.username).toBe('exec-alice');
    expect(cert.groups).toEqual(expect.arrayContaining(['exec-group', 'system:authenticated']));
    expect(runs('cert')).toEqual([{ apiVersion: V1BETA1, kind: 'ExecCredential', spec: { interactive: false } }]);
  });

  it('keeps a credential until its expirationTimestamp, then runs the plugin again', async () => {
    credential('expiring', { token, expirationTimestamp: new Date(Date.now() + 2000).toISOString() }, V1, 1);
    credential('expiring', { token }, V1);
    const c = client({ KUBECONFIG: execKubeconfig('expiring', V1) });
    await whoami(c);
    await whoami(c);
    expect(runs('expiring')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 2500));
    await whoami(c);
    await whoami(c);
    expect(runs('expiring')).toHaveLength(2);
  });

  it('runs the plugin again when the apiserver refuses its token, and repeats the request once', async () => {
    credential('refused', { token: 'not-a-valid-token' }, V1, 1);
    credential('refused', { token }, V1);
    const statuses: number[] = [];
    const c = client({ KUBECONFIG: execKubeconfig('refused', V1) }, undefined, (r) => { statuses.push(r.status); });
    expect((await whoami(c)).username).toBe(`system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}`);
    expect(statuses).toEqual([401, 201]);
    expect(runs('refused')).toHaveLength(2);
  });

  it('uses a renewed client certificate at once, on new connections', async () => {
    credential('rotating', { clientCertificateData: alice.cert, clientKeyData: alice.key, expirationTimestamp: new Date(Date.now() + 2000).toISOString() }, V1BETA1, 1);
    credential('rotating', { clientCertificateData: bob.cert, clientKeyData: bob.key }, V1BETA1);
    const c = client({ KUBECONFIG: execKubeconfig('rotating', V1BETA1) });
    expect((await whoami(c)).username).toBe('exec-alice');
    expect((await whoami(c)).username).toBe('exec-alice');
    await new Promise((r) => setTimeout(r, 2500));
    // Without closing alice's kept-alive connection this request would still be hers.
    expect((await whoami(c)).username).toBe('exec-bob');
    expect(runs('rotating')).toHaveLength(2);
  });

  it('gives kubectl tenantnet the same: merged files and an exec plugin', async () => {
    await sharedCluster().installCrds(ALL_CRD_FILES);
    const env = { ...process.env, KUBECONFIG: [join(dir, 'missing'), join(dir, 'a', 'config'), join(dir, 'b', 'config')].join(':') };
    const before = runs('cert').length;
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(resolve('scripts/kubectl-tenantnet'), ['status', '--context', 'cert'], { env, timeout: 60_000 }, (err, stdout, stderr) => {
        done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
      });
    });
    // Whether a controller-config ConfigMap exists depends on which files ran before on the shared
    // apiserver: the note that defaults are assumed may come, nothing else may.
    expect(result.stderr.replace(/^note: assuming the controller's default settings .*\n/, '')).toBe('');
    expect(result.code).toBe(0);
    // The shared apiserver holds other files' tenants too: a table or "no workspaces", either way the word.
    expect(result.stdout).toMatch(/workspace/i);
    expect(runs('cert').length).toBe(before + 1);
  }, 60_000);
});
