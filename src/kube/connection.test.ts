import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectionFromKubeconfig, inClusterConnection, loadConnection } from './connection.js';

const dirs: string[] = [];
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

function kubeconfig(user: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'ca.crt'), 'CA-PEM');
  writeFileSync(join(dir, 'token'), 'file-token\n');
  const path = join(dir, 'config');
  writeFileSync(path, JSON.stringify({
    'current-context': 'a',
    clusters: [{ name: 'c1', cluster: { server: 'https://10.0.0.1:6443/', 'certificate-authority': 'ca.crt', ...extra } }, { name: 'c2', cluster: { server: 'https://other', 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u1', user }, { name: 'u2', user: { token: 't2' } }],
    contexts: [{ name: 'a', context: { cluster: 'c1', user: 'u1' } }, { name: 'b', context: { cluster: 'c2', user: 'u2' } }],
  }));
  return path;
}

describe('connectionFromKubeconfig', () => {
  it('reads the current context with a relative CA file and client certificate data', async () => {
    const c = connectionFromKubeconfig(kubeconfig({ 'client-certificate-data': Buffer.from('CERT').toString('base64'), 'client-key-data': Buffer.from('KEY').toString('base64') }));
    expect(c.server).toBe('https://10.0.0.1:6443');
    expect(c.tls.ca?.toString()).toBe('CA-PEM');
    expect(c.tls.cert?.toString()).toBe('CERT');
    expect(c.tls.key?.toString()).toBe('KEY');
    expect(await c.authHeaders()).toEqual({});
  });

  it('uses bearer tokens, token files and a named context', async () => {
    expect(await connectionFromKubeconfig(kubeconfig({ token: 'abc' })).authHeaders()).toEqual({ authorization: 'Bearer abc' });
    expect(await connectionFromKubeconfig(kubeconfig({ tokenFile: 'token' })).authHeaders()).toEqual({ authorization: 'Bearer file-token' });
    const b = connectionFromKubeconfig(kubeconfig({}), 'b');
    expect(b.server).toBe('https://other');
    expect(b.tls.rejectUnauthorized).toBe(false);
    expect(await b.authHeaders()).toEqual({ authorization: 'Bearer t2' });
  });

  it('refuses auth-provider plugins and unknown contexts with a clear message', () => {
    expect(() => connectionFromKubeconfig(kubeconfig({ 'auth-provider': { name: 'oidc' } }))).toThrow(/auth-provider plugin, which kubectl has replaced with exec plugins/);
    expect(() => connectionFromKubeconfig(kubeconfig({}), 'zzz')).toThrow('context zzz is not in the kubeconfig (known: a, b)');
  });

  it('authenticates with an exec plugin, relative to the kubeconfig, and fetches again after a 401', async () => {
    const path = kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './plugin.sh', interactiveMode: 'Never' } });
    const dir = dirname(path);
    // Each run prints the next token: t1, t2, ...
    writeFileSync(join(dir, 'plugin.sh'), '#!/bin/sh\necho x >> "$(dirname "$0")/runs"\nn=$(wc -l < "$(dirname "$0")/runs")\nprintf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t%s"}}\' "$n"\n', { mode: 0o755 });
    const c = connectionFromKubeconfig(path);
    expect(await c.authHeaders()).toEqual({ authorization: 'Bearer t1' });
    expect(await c.authHeaders()).toEqual({ authorization: 'Bearer t1' });
    expect(await c.clientCertificate?.()).toBeUndefined();
    // A 401 for a token that is no longer current changes nothing; for the current one, it goes.
    expect(c.onUnauthorized?.({ authorization: 'Bearer old' })).toBe(true);
    expect(await c.authHeaders()).toEqual({ authorization: 'Bearer t1' });
    expect(c.onUnauthorized?.({ authorization: 'Bearer t1' })).toBe(true);
    expect(await c.authHeaders()).toEqual({ authorization: 'Bearer t2' });
  });
});

describe('several kubeconfig files (KUBECONFIG=a:b)', () => {
  it('merges them like kubectl: the first definition and current-context win, paths stay relative to their file', async () => {
    const first = kubeconfig({ token: 'first' });
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'own-ca.crt'), 'SECOND-CA');
    const second = join(dir, 'config');
    writeFileSync(second, JSON.stringify({
      'current-context': 'c',
      clusters: [{ name: 'c1', cluster: { server: 'https://ignored' } }, { name: 'c3', cluster: { server: 'https://third', 'certificate-authority': 'own-ca.crt' } }],
      users: [{ name: 'u1', user: { token: 'ignored' } }],
      contexts: [{ name: 'c', context: { cluster: 'c3', user: 'u1' } }],
    }));
    const env = { KUBECONFIG: `${join(dir, 'missing')}::${first}:${second}` };
    const a = loadConnection(env);
    expect(a.server).toBe('https://10.0.0.1:6443');
    expect(await a.authHeaders()).toEqual({ authorization: 'Bearer first' });
    const c = loadConnection(env, 'c');
    expect(c.server).toBe('https://third');
    expect(c.tls.ca?.toString()).toBe('SECOND-CA');
    expect(await c.authHeaders()).toEqual({ authorization: 'Bearer first' });
  });

  it('says when none of the listed files exists', () => {
    expect(() => loadConnection({ KUBECONFIG: '/nonexistent/a:/nonexistent/b' })).toThrow('none of the KUBECONFIG files exists: /nonexistent/a, /nonexistent/b');
  });
});

describe('in-cluster', () => {
  it('uses the service account files and the service host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sa-'));
    writeFileSync(join(dir, 'ca.crt'), 'SA-CA');
    writeFileSync(join(dir, 'token'), 'sa-token');
    const c = inClusterConnection({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, dir);
    expect(c.server).toBe('https://[fd00::1]:443');
    expect(c.tls.ca?.toString()).toBe('SA-CA');
    expect(await c.authHeaders()).toEqual({ authorization: 'Bearer sa-token' });
  });

  it('prefers KUBECONFIG and explains when there is nothing to use', () => {
    expect(loadConnection({ KUBECONFIG: kubeconfig({ token: 'x' }) }).server).toBe('https://10.0.0.1:6443');
    expect(() => inClusterConnection({}, '/nonexistent')).toThrow(/not in a cluster/);
  });
});
