import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CliError, EXIT } from './exit-codes.js';
import { loadSessionKubeconfig } from './session.js';

const dir = mkdtempSync(join(tmpdir(), 'tnc-session-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

function file(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const one = file('one', { 'current-context': 'a', clusters: [{ name: 'c', cluster: { server: 'https://one' } }], contexts: [{ name: 'a', context: { cluster: 'c' } }] });
const two = file('two', { 'current-context': 'b', clusters: [{ name: 'd', cluster: { server: 'https://two' } }], contexts: [{ name: 'b', context: { cluster: 'd' } }] });

function failure(run: () => unknown): { code: number; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof CliError) return { code: err.exitCode, message: err.message };
    throw err;
  }
  throw new Error('did not fail');
}

describe('loadSessionKubeconfig', () => {
  it('merges KUBECONFIG\'s files like kubectl and honours --context', () => {
    const env = { KUBECONFIG: `${one}:${two}` };
    expect(loadSessionKubeconfig({ color: 'auto' }, env)).toMatchObject({ contextName: 'a', connection: { server: 'https://one' } });
    expect(loadSessionKubeconfig({ color: 'auto', context: 'b' }, env)).toMatchObject({ contextName: 'b', connection: { server: 'https://two' } });
    expect(loadSessionKubeconfig({ color: 'auto', kubeconfig: two }, env)).toMatchObject({ contextName: 'b' });
  });

  it('exits 2 for an unknown context or an unreadable file, 4 without any kubeconfig', () => {
    expect(failure(() => loadSessionKubeconfig({ color: 'auto', context: 'z' }, { KUBECONFIG: `${one}:${two}` }))).toEqual({ code: EXIT.usage, message: 'context z is not in the kubeconfig (known: a, b)' });
    const broken = join(dir, 'broken');
    writeFileSync(broken, 'users: {');
    expect(failure(() => loadSessionKubeconfig({ color: 'auto', kubeconfig: broken }, {})).code).toBe(EXIT.usage);
    expect(failure(() => loadSessionKubeconfig({ color: 'auto' }, { HOME: join(dir, 'nohome') }))).toEqual({ code: EXIT.unavailable, message: 'no kubeconfig found: set KUBECONFIG or pass --kubeconfig' });
  });
});
