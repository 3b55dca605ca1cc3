import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../kube/api-error.js';
import { CliError, EXIT } from './exit-codes.js';
import { cliVersion, runCli, type CliIo } from './run.js';
import { failureOf } from './failure.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdoutIsTty: false,
    env: {},
    stdout: (t: string) => { io.out += t; },
    stderr: (t: string) => { io.err += t; },
  };
  return io;
}

const noCluster = { openSession: () => Promise.reject(new Error('must not connect')) };

describe('runCli without a cluster', () => {
  it('prints help to stdout and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['matrix', '--help'], io, noCluster)).toBe(EXIT.ok);
    expect(io.out).toContain('kubectl tenantnet matrix [WORKSPACE...]');
    expect(io.err).toBe('');
  });

  it('prints the version', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io, noCluster)).toBe(EXIT.ok);
    expect(io.out).toBe(`kubectl-tenantnet ${cliVersion()}\n`);
    expect(cliVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reports usage errors on stderr with exit code 2', async () => {
    const io = captureIo();
    expect(await runCli(['connect', 'a'], io, noCluster)).toBe(EXIT.usage);
    expect(io.err).toBe("error: connect needs FROM TO\nRun 'kubectl tenantnet connect --help' for usage.\n");
    expect(io.out).toBe('');
  });

  it('turns a failure to connect into its exit code and message', async () => {
    const io = captureIo();
    const code = await runCli(['status'], io, { openSession: () => Promise.reject(new CliError(EXIT.unavailable, 'the kubeconfig names no cluster')) });
    expect(code).toBe(EXIT.unavailable);
    expect(io.err).toBe('error: the kubeconfig names no cluster\n');
  });
});

describe('failureOf', () => {
  const cases: [string, unknown, number, string][] = [
    ['a CLI error', new CliError(EXIT.notFound, 'unknown project x'), EXIT.notFound, 'unknown project x'],
    ['no answer', new KubeApiError(0, 'ConnectionFailed', 'GET /api: ECONNREFUSED', true), EXIT.unavailable, 'cannot reach the API server: GET /api: ECONNREFUSED'],
    ['unauthorised', new KubeApiError(401, 'Unauthorized', 'GET /api: Unauthorized', false), EXIT.forbidden, 'the API server did not accept the credentials: GET /api: Unauthorized'],
    ['forbidden', new KubeApiError(403, 'Forbidden', 'PATCH x: forbidden', false), EXIT.forbidden, 'forbidden: PATCH x: forbidden'],
    ['not found', new KubeApiError(404, 'NotFound', 'GET x: not found', false), EXIT.notFound, 'GET x: not found'],
    ['invalid', new KubeApiError(422, 'Invalid', 'PATCH x: spec.isolation: Unsupported value', false), EXIT.error, 'PATCH x: spec.isolation: Unsupported value'],
    ['anything else', new Error('boom'), EXIT.error, 'boom'],
  ];
  it.each(cases)('%s', (_, err, exitCode, message) => {
    expect(failureOf(err)).toEqual({ exitCode, message });
  });
});
