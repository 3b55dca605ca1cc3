// The completion scripts in the shells they are for: bash sources `completion bash` and completes
// words through the real program (scripts/kubectl-tenantnet, from source); the program answers as
// kubectl's plugin completion when run as kubectl_complete-tenantnet.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/helm.js';

const SCRIPTS = join(REPO_ROOT, 'scripts');
const env = { PATH: `${SCRIPTS}:${process.env.PATH ?? ''}`, HOME: '/nonexistent', KUBECONFIG: '/nonexistent/kubeconfig' };

/** What bash offers for the words typed so far (the last one being completed). */
function bashComplete(words: readonly string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const script = `source <(kubectl-tenantnet completion bash)
COMP_WORDS=(kubectl-tenantnet ${quoted}); COMP_CWORD=${words.length}
_kubectl_tenantnet
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { env, encoding: 'utf8', timeout: 30_000 }).split('\n').filter((l) => l !== '');
}

describe('shell completion', () => {
  it('completes commands, flags and flag values in bash', () => {
    expect(bashComplete(['c'])).toEqual(['check', 'connect', 'completion']);
    expect(bashComplete(['status', '-o', 'y'])).toEqual(['yaml']);
    expect(bashComplete(['isolate', '--dr'])).toEqual(['--dry-run']);
  }, 60_000);

  it('offers no file names where a cluster name is expected and no cluster answers', () => {
    expect(bashComplete(['connect', ''])).toEqual([]);
  }, 30_000);

  it('answers kubectl as kubectl_complete-tenantnet', () => {
    expect(execFileSync(join(SCRIPTS, 'kubectl_complete-tenantnet'), ['why', 'a', 'b', 'udp'], { env, encoding: 'utf8' })).toBe('udp/53\n:4\n');
  }, 30_000);
});
