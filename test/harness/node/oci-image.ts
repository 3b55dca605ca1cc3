// Container images without a registry or a Docker engine: one uncompressed layer made with GNU tar
// from a staging directory, an OCI image config, manifest and index, packed as an OCI archive that
// `ctr images import` reads. Deterministic: the same files give the same digest, so a cached archive
// is reused as long as its inputs are unchanged.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ImageEntry {
  /** Path inside the image, without a leading slash. */
  readonly path: string;
  /** A host file or directory copied in (recursively, keeping modes). */
  readonly from?: string;
  /** Literal file content. */
  readonly content?: string;
  /** A symbolic link target. */
  readonly symlink?: string;
  readonly mode?: number;
}

export interface ImageConfig {
  readonly Entrypoint?: readonly string[];
  readonly Cmd?: readonly string[];
  readonly Env?: readonly string[];
  readonly User?: string;
  readonly WorkingDir?: string;
}

export interface ImageSpec {
  /** Full reference, e.g. `registry.local/tnc/agnhost:v1.36.3`. */
  readonly reference: string;
  readonly entries: readonly ImageEntry[];
  readonly config: ImageConfig;
}

interface Blob {
  readonly digest: string;
  readonly size: number;
}

function writeBlob(layoutDir: string, data: Buffer): Blob {
  const hex = createHash('sha256').update(data).digest('hex');
  writeFileSync(join(layoutDir, 'blobs', 'sha256', hex), data);
  return { digest: `sha256:${hex}`, size: data.length };
}

function stage(entries: readonly ImageEntry[], root: string): void {
  for (const entry of entries) {
    const target = join(root, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    if (entry.symlink !== undefined) symlinkSync(entry.symlink, target);
    else if (entry.from !== undefined) cpSync(entry.from, target, { recursive: true, dereference: true, preserveTimestamps: false });
    else if (entry.content !== undefined) writeFileSync(target, entry.content);
    else mkdirSync(target, { recursive: true });
    // Modes exactly as asked (mkdir and writeFile would apply the umask).
    if (entry.symlink === undefined && (entry.content !== undefined || entry.from === undefined)) chmodSync(target, entry.mode ?? (entry.content === undefined ? 0o755 : 0o644));
  }
}

/** A reproducible tar of a directory: sorted names, root-owned, epoch mtimes. */
function tarDirectory(dir: string, out: string): void {
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--format=gnu', '-C', dir, '-cf', out, '.']);
}

/** Builds the image into `archivePath` (written atomically) and returns its manifest digest. */
export function buildOciArchive(spec: ImageSpec, archivePath: string): string {
  const work = mkdtempSync(join(tmpdir(), 'tnc-image-'));
  try {
    const rootfs = join(work, 'rootfs');
    const layout = join(work, 'layout');
    mkdirSync(rootfs);
    mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
    stage(spec.entries, rootfs);
    const layerPath = join(work, 'layer.tar');
    tarDirectory(rootfs, layerPath);
    const layer = writeBlob(layout, readFileSync(layerPath));
    const config = writeBlob(layout, Buffer.from(JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: spec.config,
      rootfs: { type: 'layers', diff_ids: [layer.digest] },
      history: [{ created_by: 'tenant-network-controller test/harness/node/oci-image.ts' }],
    })));
    const manifest = writeBlob(layout, Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
    })));
    const tag = spec.reference.slice(spec.reference.lastIndexOf(':') + 1);
    writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(join(layout, 'index.json'), JSON.stringify({
      schemaVersion: 2,
      manifests: [{
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...manifest,
        platform: { architecture: 'amd64', os: 'linux' },
        // containerd names the imported image after the first; other tools read the second.
        annotations: { 'io.containerd.image.name': spec.reference, 'org.opencontainers.image.ref.name': tag },
      }],
    }));
    mkdirSync(dirname(archivePath), { recursive: true });
    const partial = `${archivePath}.partial`;
    tarDirectory(layout, partial);
    renameSync(partial, archivePath);
    return manifest.digest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A stable fingerprint of an image's inputs (file contents, modes, links and config). */
export function imageInputHash(spec: ImageSpec): string {
  const hash = createHash('sha256').update(JSON.stringify({ reference: spec.reference, config: spec.config }));
  const visit = (path: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        hash.update(`/${name}`);
        visit(join(path, name));
      }
    } else {
      hash.update(`${stat.mode}:${stat.size}:${stat.mtimeMs}`);
    }
  };
  for (const entry of spec.entries) {
    hash.update(JSON.stringify({ path: entry.path, content: entry.content, symlink: entry.symlink, mode: entry.mode }));
    if (entry.from !== undefined) visit(entry.from);
  }
  return hash.digest('hex').slice(0, 16);
}
