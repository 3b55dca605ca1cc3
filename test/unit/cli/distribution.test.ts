// The plugin as people install it: the single bundled file runs on the pinned Node with no
// node_modules beside it (its version written in, a real command failing as it should without a
// cluster, kubectl's completion through a link); the krew manifest template renders to a valid
// manifest whose sha256 is the archive's.
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { archiveName, renderKrewManifest } from '../../../scripts/krew-manifest.js';
import { REPO_ROOT } from '../../support/helm.js';

const NODE = join(REPO_ROOT, 'node_modules', '.bin', 'node');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the single bundled file', () => {
  it('runs anywhere with Node, knows its version, and answers kubectl\'s completion through a link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tnc-bundle-'));
    try {
      execFileSync(NODE, ['--import', join(REPO_ROOT, 'scripts/ts-hooks.js'), join(REPO_ROOT, 'scripts/bundle-cli.ts'), '--bundle', '--out', dir], { cwd: REPO_ROOT, stdio: 'ignore' });
      const bundle = join(dir, 'kubectl-tenantnet.cjs');
      // No KUBECONFIG and an empty HOME: a command that needs the cluster stops at the kubeconfig.
      const env = { PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:/usr/bin:/bin`, HOME: dir };
      expect(execFileSync(bundle, ['--version'], { env, encoding: 'utf8' })).toBe(`kubectl-tenantnet ${VERSION}\n`);
      const status = spawnSync(bundle, ['status'], { env, encoding: 'utf8' });
      expect([status.status, status.stderr]).toEqual([4, 'error: no kubeconfig found: set KUBECONFIG or pass --kubeconfig\n']);
      symlinkSync(bundle, join(dir, 'kubectl_complete-tenantnet'));
      expect(execFileSync(join(dir, 'kubectl_complete-tenantnet'), ['matrix', '-o', 'h'], { env, encoding: 'utf8' })).toBe('html\n:4\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the krew manifest', () => {
  const template = readFileSync(join(REPO_ROOT, 'plugins', 'tenantnet.yaml'), 'utf8');
  const archive = Buffer.from('not really a tarball');

  it('renders to a krew Plugin whose archive URI and sha256 are filled in', () => {
    const asked: string[] = [];
    const rendered = renderKrewManifest(template, 'v1.2.3', (uri) => { asked.push(uri); return archive; });
    expect(rendered.split('\n', 1)[0]).toBe('# Rendered from plugins/tenantnet.yaml for v1.2.3.');
    expect(rendered).not.toMatch(/\{\{|TagName|addURIAndSha/);
    const manifest = parse(rendered) as {
      apiVersion: string; kind: string; metadata: { name: string };
      spec: { version: string; homepage: string; shortDescription: string; description: string; platforms: { selector: { matchLabels: Record<string, string> }; uri: string; sha256: string; bin: string }[] };
    };
    expect([manifest.apiVersion, manifest.kind, manifest.metadata.name, manifest.spec.version]).toEqual(['krew.googlecontainertools.github.com/v1alpha2', 'Plugin', 'tenantnet', 'v1.2.3']);
    expect(manifest.spec.shortDescription.length).toBeLessThanOrEqual(50);
    const [linux] = manifest.spec.platforms;
    expect(linux?.selector.matchLabels).toEqual({ os: 'linux', arch: 'amd64' });
    expect(linux?.uri).toBe(`https://github.com/kubesphere/tenant-network-controller/releases/download/v1.2.3/${archiveName('v1.2.3', { os: 'linux', arch: 'amd64' })}`);
    expect(asked).toEqual([linux?.uri]);
    expect(linux?.sha256).toBe(createHash('sha256').update(archive).digest('hex'));
    expect(linux?.bin).toBe('kubectl-tenantnet');
  });

  it('refuses a template expression it does not know', () => {
    expect(() => renderKrewManifest(`${template}\n# {{ .Other }}\n`, 'v1.0.0', () => archive)).toThrow('krew manifest: unknown template expression {{ .Other }}');
  });
});
