import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('refuses exec plugins and unknown contexts with a clear message', () => {
    expect(() => connectionFromKubeconfig(kubeconfig({ exec: { command: 'aws' } }))).toThrow(/exec or auth-provider plugin/);
    expect(() => connectionFromKubeconfig(kubeconfig({}), 'zzz')).toThrow(/context "zzz" not found/);
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
