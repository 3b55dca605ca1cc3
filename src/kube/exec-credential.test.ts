import { describe, expect, it } from '@jest/globals';
import { credentialValid, execInfo, ExecCredentialSource, parseExecConfig, parseExecCredential, resolveCommand, type ExecConfig, type ExecRunner } from './exec-credential.js';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const CONFIG: ExecConfig = parseExecConfig({ apiVersion: V1, command: 'aws', args: ['eks', 'get-token'], env: [{ name: 'AWS_PROFILE', value: 'prod' }], interactiveMode: 'Never' }, 'eks');

function credential(status: Record<string, unknown>, apiVersion = V1): string {
  return JSON.stringify({ apiVersion, kind: 'ExecCredential', status });
}

describe('parseExecConfig', () => {
  it('reads a v1 and a v1beta1 exec entry (v1beta1 defaults to IfAvailable)', () => {
    expect(CONFIG).toEqual({ apiVersion: V1, command: 'aws', args: ['eks', 'get-token'], env: [{ name: 'AWS_PROFILE', value: 'prod' }], provideClusterInfo: false, interactiveMode: 'Never' });
    expect(parseExecConfig({ apiVersion: V1BETA1, command: 'kubelogin', installHint: 'install kubelogin', provideClusterInfo: true }, 'oidc')).toEqual({
      apiVersion: V1BETA1, command: 'kubelogin', args: [], env: [], installHint: 'install kubelogin', provideClusterInfo: true, interactiveMode: 'IfAvailable',
    });
  });

  it.each([
    [{ apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' }, 'user "u": exec: apiVersion "client.authentication.k8s.io/v1alpha1" is not one of client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1'],
    [{ apiVersion: V1, interactiveMode: 'Never' }, 'user "u": exec: command is missing'],
    [{ apiVersion: V1, command: 'x' }, 'user "u": exec: interactiveMode must be set for client.authentication.k8s.io/v1'],
    [{ apiVersion: V1BETA1, command: 'x', interactiveMode: 'Sometimes' }, 'user "u": exec: interactiveMode "Sometimes" is not one of Never, IfAvailable, Always'],
    [{ apiVersion: V1BETA1, command: 'x', args: [1] }, 'user "u": exec: args must be a list of strings'],
    [{ apiVersion: V1BETA1, command: 'x', env: [{ name: 'A' }] }, 'user "u": exec: env must be a list of {name, value}'],
  ])('refuses %j', (exec, message) => {
    expect(() => parseExecConfig(exec, 'u')).toThrow(message);
  });
});

describe('execInfo', () => {
  const cluster = { server: 'https://eks', 'certificate-authority-data': 'Q0E=', 'insecure-skip-tls-verify': true, extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'sts' } }] };

  it('says the request is not interactive, and gives the cluster only when asked', () => {
    expect(JSON.parse(execInfo(CONFIG, cluster))).toEqual({ apiVersion: V1, kind: 'ExecCredential', spec: { interactive: false } });
    expect(JSON.parse(execInfo({ ...CONFIG, provideClusterInfo: true }, cluster))).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server: 'https://eks', 'certificate-authority-data': 'Q0E=', 'insecure-skip-tls-verify': true, config: { audience: 'sts' } } },
    });
  });
});

describe('parseExecCredential', () => {
  it('reads a token, or a client certificate and key, with an optional expiry', () => {
    expect(parseExecCredential(credential({ token: 'abc', expirationTimestamp: '2030-01-01T00:00:00Z' }), V1)).toEqual({ token: 'abc', expirationTimestamp: '2030-01-01T00:00:00Z' });
    expect(parseExecCredential(credential({ clientCertificateData: 'CERT', clientKeyData: 'KEY' }, V1BETA1), V1BETA1)).toEqual({ clientCertificateData: 'CERT', clientKeyData: 'KEY' });
  });

  it.each([
    ['not json', 'exec plugin: its output is not JSON'],
    [JSON.stringify({ apiVersion: V1, kind: 'Status' }), 'exec plugin: its output is a "Status", not an ExecCredential'],
    [credential({ token: 'x' }, V1BETA1), 'exec plugin: configured for client.authentication.k8s.io/v1, it returned "client.authentication.k8s.io/v1beta1"'],
    [credential({ clientCertificateData: 'CERT' }), 'exec plugin: clientCertificateData and clientKeyData must come together'],
    [credential({}), 'exec plugin: it returned neither a token nor a client certificate and key'],
    [credential({ token: 'x', expirationTimestamp: 'soon' }), 'exec plugin: expirationTimestamp "soon" is not a time'],
  ])('refuses %s', (stdout, message) => {
    expect(() => parseExecCredential(stdout, V1)).toThrow(message);
  });
});

describe('credentialValid and resolveCommand', () => {
  it('keeps a credential without expiry, and one until its expiry', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(credentialValid({ token: 'a' }, now)).toBe(true);
    expect(credentialValid({ token: 'a', expirationTimestamp: '2030-01-01T00:00:01Z' }, now)).toBe(true);
    expect(credentialValid({ token: 'a', expirationTimestamp: '2030-01-01T00:00:00Z' }, now)).toBe(false);
  });

  it('resolves a command that names a relative path against the kubeconfig directory only', () => {
    expect(resolveCommand('./bin/plugin', '/cfg')).toBe('/cfg/bin/plugin');
    expect(resolveCommand('/usr/bin/aws', '/cfg')).toBe('/usr/bin/aws');
    expect(resolveCommand('aws', '/cfg')).toBe('aws');
  });
});

describe('ExecCredentialSource', () => {
  function fakeRunner(outputs: string[]): { run: ExecRunner; calls: { command: string; args: readonly string[]; env: NodeJS.ProcessEnv }[] } {
    const calls: { command: string; args: readonly string[]; env: NodeJS.ProcessEnv }[] = [];
    return {
      calls,
      run: (command, args, env) => {
        calls.push({ command, args, env });
        return Promise.resolve({ code: 0, stdout: outputs[calls.length - 1] ?? outputs[outputs.length - 1] ?? '' });
      },
    };
  }

  it('runs the plugin once per credential, shared by concurrent callers, and again after expiry', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const runner = fakeRunner([credential({ token: 't1', expirationTimestamp: '2030-01-01T00:10:00Z' }), credential({ token: 't2' })]);
    const source = new ExecCredentialSource({ config: CONFIG, cluster: { server: 'https://eks' }, baseDir: '/cfg', env: { PATH: '/bin', AWS_PROFILE: 'dev' }, run: runner.run, now: () => now });
    const [a, b] = await Promise.all([source.get(), source.get()]);
    expect(a).toBe(b);
    expect(a.token).toBe('t1');
    now = new Date('2030-01-01T00:09:59Z');
    expect((await source.get()).token).toBe('t1');
    now = new Date('2030-01-01T00:10:00Z');
    expect((await source.get()).token).toBe('t2');
    expect(runner.calls).toHaveLength(2);
    const call = runner.calls[0];
    expect(call?.command).toBe('aws');
    expect(call?.args).toEqual(['eks', 'get-token']);
    expect(call?.env.PATH).toBe('/bin');
    expect(call?.env.AWS_PROFILE).toBe('prod');
    expect(JSON.parse(call?.env.KUBERNETES_EXEC_INFO ?? '{}')).toEqual({ apiVersion: V1, kind: 'ExecCredential', spec: { interactive: false } });
  });

  it('forgets only the credential that is still current', async () => {
    const runner = fakeRunner([credential({ token: 't1' }), credential({ token: 't2' })]);
    const source = new ExecCredentialSource({ config: CONFIG, cluster: {}, baseDir: '/cfg', run: runner.run });
    const first = await source.get();
    expect(source.invalidate({ token: 't1' })).toBe(false);
    expect(source.invalidate(first)).toBe(true);
    const second = await source.get();
    expect(second.token).toBe('t2');
    expect(source.invalidate(first)).toBe(false);
    expect(source.current).toBe(second);
  });

  it('explains a plugin that is missing, fails, or wants a terminal', async () => {
    const missing = new ExecCredentialSource({ config: { ...CONFIG, installHint: 'Install the AWS CLI' }, cluster: {}, baseDir: '/cfg', run: () => Promise.resolve({ code: null, stdout: '', error: new Error('spawn aws ENOENT') }) });
    await expect(missing.get()).rejects.toThrow('exec plugin aws: spawn aws ENOENT\nInstall the AWS CLI');
    const failing = new ExecCredentialSource({ config: CONFIG, cluster: {}, baseDir: '/cfg', run: () => Promise.resolve({ code: 3, stdout: '' }) });
    await expect(failing.get()).rejects.toThrow('exec plugin aws failed with exit code 3');
    const interactive = new ExecCredentialSource({ config: { ...CONFIG, interactiveMode: 'Always' }, cluster: {}, baseDir: '/cfg', run: fakeRunner([]).run });
    await expect(interactive.get()).rejects.toThrow('exec plugin aws needs an interactive terminal (interactiveMode: Always), which this process does not have');
  });
});
