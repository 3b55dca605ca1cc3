// The controller's image built offline, the way the Dockerfile builds it: the pinned Node 24 (npm's
// `node` package, with the glibc libraries it links), `dist/`, production dependencies installed with
// `npm ci --omit=dev --ignore-scripts`, tini as PID 1, a non-root user, the same entrypoint and
// environment. For the chart's tests on the real node, where no registry and no Docker engine exist.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/helm.js';
import { cacheRoot } from './node-binaries.js';
import { cachedImage, type BuiltImage } from './node-images.js';
import type { ImageEntry } from './oci-image.js';

export const CONTROLLER_IMAGE_REPOSITORY = 'registry.local/tnc/tenant-network-controller';
export const CONTROLLER_IMAGE_TAG = 'dev';

const PASSWD = 'root:x:0:0:root:/root:/sbin/nologin\nnode:x:1000:1000:node:/home/node:/sbin/nologin\n';
const GROUP = 'root:x:0:\nnode:x:1000:\n';

/** The shared libraries a dynamically linked program needs, from ldd. */
function sharedLibraries(program: string): string[] {
  return execFileSync('ldd', [program], { encoding: 'utf8' }).split('\n')
    .map((line) => /(\/\S+) \(0x/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
}

/** `npm ci --omit=dev --ignore-scripts` once per lock file, kept in the cache. */
function productionModules(): string {
  const lock = readFileSync(join(REPO_ROOT, 'package-lock.json'));
  const dir = join(cacheRoot(), 'image-deps', createHash('sha256').update(lock).digest('hex').slice(0, 16));
  if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules');
  const scratch = mkdtempSync(join(tmpdir(), 'tnc-image-deps-'));
  try {
    cpSync(join(REPO_ROOT, 'package.json'), join(scratch, 'package.json'));
    cpSync(join(REPO_ROOT, 'package-lock.json'), join(scratch, 'package-lock.json'));
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: scratch, stdio: 'ignore' });
    mkdirSync(dir, { recursive: true });
    renameSync(join(scratch, 'node_modules'), join(dir, 'node_modules'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return join(dir, 'node_modules');
}

/** Builds the image from the current `dist/` (run `npm run build` first). */
export function controllerImage(): BuiltImage {
  const node = join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(join(REPO_ROOT, 'dist', 'cmd', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const tini = '/usr/bin/tini-static';
  if (!existsSync(tini)) throw new Error('tini-static is missing (Debian package tini; run `make node-deps`)');
  const entries: ImageEntry[] = [
    { path: 'usr/local/bin/node', from: node },
    ...sharedLibraries(node).map((lib) => ({ path: lib.slice(1), from: lib })),
    { path: 'usr/bin/tini', from: tini },
    { path: 'etc/passwd', content: PASSWD },
    { path: 'etc/group', content: GROUP },
    { path: 'tmp', mode: 0o1777 },
    { path: 'home/node', mode: 0o755 },
    { path: 'app/package.json', from: join(REPO_ROOT, 'package.json') },
    { path: 'app/dist', from: join(REPO_ROOT, 'dist') },
    { path: 'app/node_modules', from: productionModules() },
  ];
  return cachedImage('controller', {
    reference: `${CONTROLLER_IMAGE_REPOSITORY}:${CONTROLLER_IMAGE_TAG}`,
    entries,
    // What the Dockerfile's runtime stage sets.
    config: {
      Entrypoint: ['/usr/bin/tini', '--', 'node', '--enable-source-maps', '/app/dist/cmd/main.js'],
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=production', 'NODE_OPTIONS=--max-semi-space-size=8'],
      User: '1000:1000',
      WorkingDir: '/app',
    },
  });
}
