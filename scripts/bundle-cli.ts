// Builds kubectl-tenantnet for people without a Node toolchain (docs/operations.md, "Installing the
// plugin"):
//   --bundle: dist-cli/kubectl-tenantnet.cjs, the CLI and its dependencies in one CommonJS file
//             (needs a Node ≥ 22 on PATH; esbuild, tree-shaken, the version written in);
//   --sea:    dist-cli/kubectl-tenantnet, a Node single-executable application: that file injected
//             into a copy of the pinned Node binary (postject), for this machine's OS and CPU;
//   --dist:   both, a release archive of the executable and the krew manifest rendered for it
//             (scripts/krew-manifest.ts).
//
//   node_modules/.bin/node scripts/bundle-cli.ts --bundle|--sea|--dist [--out DIR]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { archiveName, renderKrewManifest } from './krew-manifest.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function outDir(): string {
  const flag = process.argv.indexOf('--out');
  if (flag < 0) return join(ROOT, 'dist-cli');
  const dir = process.argv[flag + 1];
  if (dir === undefined || dir === '' || dir.startsWith('--')) throw new Error('--out needs a directory');
  return dir;
}
const OUT = outDir();
const BUNDLE = join(OUT, 'kubectl-tenantnet.cjs');
const EXECUTABLE = join(OUT, 'kubectl-tenantnet');
/** The sentinel Node's SEA support looks for (documented with postject). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** src/cli/version.ts reads package.json beside it at run time; the bundle has none, so it gets the constant. */
const fixedVersion: Plugin = {
  name: 'fixed-version',
  setup(b) {
    b.onLoad({ filter: /src[\\/]cli[\\/]version\.ts$/ }, () => ({
      contents: `export function cliVersion(): string { return ${JSON.stringify(version)}; }`,
      loader: 'ts',
    }));
  },
};

async function bundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minifySyntax: true,
    legalComments: 'eof',
    plugins: [fixedVersion],
    logLevel: 'warning',
  });
  // esbuild keeps main.ts's shebang; the file runs as `kubectl-tenantnet.cjs` or through a link.
  chmodSync(BUNDLE, 0o755);
  process.stdout.write(`${BUNDLE}\n`);
}

function sea(): void {
  const node = join(ROOT, 'node_modules', 'node', 'bin', 'node');
  const blob = join(OUT, 'kubectl-tenantnet.blob');
  const config = join(OUT, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main: BUNDLE, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
  execFileSync(node, ['--experimental-sea-config', config], { stdio: 'inherit' });
  rmSync(EXECUTABLE, { force: true });
  copyFileSync(node, EXECUTABLE);
  chmodSync(EXECUTABLE, 0o755);
  // postject's ELF library warns about the note sections of Node's binary; only a failure is news.
  try {
    execFileSync(node, [join(ROOT, 'node_modules', 'postject', 'dist', 'cli.js'), EXECUTABLE, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], { stdio: 'pipe' });
  } catch (err) {
    const output = err as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    throw err;
  }
  rmSync(blob);
  rmSync(config);
  process.stdout.write(`${EXECUTABLE}\n`);
}

/** Release names use Go's OS and architecture words, as krew's selectors do. */
function goPlatform(): { os: string; arch: string } {
  const arches: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
  return { os: platform(), arch: arches[arch()] ?? arch() };
}

function dist(): void {
  const target = goPlatform();
  const tag = `v${version}`;
  const archive = join(OUT, archiveName(tag, target));
  const staging = join(OUT, 'archive');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  copyFileSync(EXECUTABLE, join(staging, 'kubectl-tenantnet'));
  copyFileSync(join(ROOT, 'LICENSE'), join(staging, 'LICENSE'));
  chmodSync(join(staging, 'kubectl-tenantnet'), 0o755);
  execFileSync('tar', ['-C', staging, '--owner=0', '--group=0', '--mtime=@0', '-czf', archive, 'kubectl-tenantnet', 'LICENSE']);
  rmSync(staging, { recursive: true });
  const manifest = renderKrewManifest(readFileSync(join(ROOT, 'plugins', 'tenantnet.yaml'), 'utf8'), tag, (uri) => readFileSync(join(OUT, uri.slice(uri.lastIndexOf('/') + 1))));
  writeFileSync(join(OUT, 'tenantnet.yaml'), manifest);
  process.stdout.write(`${archive}\n${join(OUT, 'tenantnet.yaml')}\n`);
}

const mode = process.argv[2];
if (mode === '--bundle') await bundle();
else if (mode === '--sea') {
  await bundle();
  sea();
} else if (mode === '--dist') {
  await bundle();
  sea();
  dist();
} else {
  process.stderr.write('usage: bundle-cli.ts --bundle|--sea|--dist\n');
  process.exitCode = 2;
}
