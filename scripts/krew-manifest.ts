// Renders plugins/tenantnet.yaml, a krew plugin manifest written as a krew-release-bot template:
// `{{ .TagName }}` is the release tag and `{{ addURIAndSha "URL" .TagName }}` becomes the `uri:` and
// `sha256:` lines of that archive. The bot fills it in for a published release; this fills it in
// from archives built here (make cli-dist), so the same file serves both. Pure.
import { createHash } from 'node:crypto';

const TAG = /\{\{\s*\.TagName\s*\}\}/g;
const URI_AND_SHA = /^(\s*)\{\{\s*addURIAndSha\s+"([^"]+)"\s+\.TagName\s*\}\}\s*$/gm;

/** The release archive's name for a platform (Go's OS and architecture words, as krew's selectors). */
export function archiveName(tag: string, target: { os: string; arch: string }): string {
  return `kubectl-tenantnet_${tag}_${target.os}_${target.arch}.tar.gz`;
}

/**
 * `read(uri)` returns the archive's bytes, to hash; every template placeholder must be filled. The
 * template's leading comment (how to render it) gives way to one naming the source and the tag.
 */
export function renderKrewManifest(template: string, tag: string, read: (uri: string) => Buffer): string {
  const body = template.replace(/^(?:#.*\n)*/, '');
  const filled = body.replace(URI_AND_SHA, (_line, indent: string, uri: string) => {
    const resolved = uri.replace(TAG, tag);
    const sha256 = createHash('sha256').update(read(resolved)).digest('hex');
    return `${indent}uri: ${resolved}\n${indent}sha256: ${sha256}`;
  }).replace(TAG, tag);
  const left = /\{\{.*?\}\}/.exec(filled);
  if (left !== null) throw new Error(`krew manifest: unknown template expression ${left[0]}`);
  return `# Rendered from plugins/tenantnet.yaml for ${tag}.\n${filled}`;
}
