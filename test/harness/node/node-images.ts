// The images the test node runs, built offline (no registry exists here) and cached by their inputs:
// the pause image from the Kubernetes module's own pause.c, and the probe image with agnhost (the
// upstream NetworkPolicy e2e probe: `serve-hostname` servers, `connect` probes).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, TOOLS_MODULE_DIR, K8S_VERSION } from './node-binaries.js';
import { buildOciArchive, imageInputHash, type ImageSpec } from './oci-image.js';

export const PAUSE_IMAGE = 'registry.local/tnc/pause:3.10.2';
export const AGNHOST_IMAGE = `registry.local/tnc/agnhost:${K8S_VERSION}`;

export interface BuiltImage {
  readonly reference: string;
  readonly archive: string;
}

/** Builds (on a cache miss) and returns the archive of an image. */
export function cachedImage(name: string, spec: ImageSpec): BuiltImage {
  const dir = join(cacheRoot(), 'images');
  const file = `${name}-${imageInputHash(spec)}.tar`;
  const archive = join(dir, file);
  if (!existsSync(archive)) {
    buildOciArchive(spec, archive);
    // Only the newest build of an image is kept: older inputs are not coming back.
    for (const old of readdirSync(dir)) if (old !== file && old.startsWith(`${name}-`) && old.endsWith('.tar')) rmSync(join(dir, old), { force: true });
  }
  return { reference: spec.reference, archive };
}

/** pause.c from the pinned Kubernetes module, compiled static (the image has no libc). */
function pauseBinary(): string {
  const out = join(cacheRoot(), 'bin', `pause-${K8S_VERSION}`);
  if (existsSync(out)) return out;
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${K8S_VERSION}`], { cwd: TOOLS_MODULE_DIR, encoding: 'utf8' })) as { Dir: string };
  const scratch = mkdtempSync(join(tmpdir(), 'tnc-pause-'));
  try {
    const tmp = join(scratch, 'pause');
    execFileSync('gcc', ['-Os', '-Wall', '-static', `-DVERSION=v3.10.2-${K8S_VERSION}`, '-o', tmp, join(info.Dir, 'build', 'pause', 'linux', 'pause.c')]);
    mkdirSync(join(cacheRoot(), 'bin'), { recursive: true });
    execFileSync('mv', [tmp, out]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}

export function pauseImage(): BuiltImage {
  return cachedImage('pause', { reference: PAUSE_IMAGE, entries: [{ path: 'pause', from: pauseBinary() }], config: { Entrypoint: ['/pause'] } });
}

export function agnhostImage(agnhost: string): BuiltImage {
  return cachedImage('agnhost', { reference: AGNHOST_IMAGE, entries: [{ path: 'agnhost', from: agnhost }], config: { Entrypoint: ['/agnhost'] } });
}
