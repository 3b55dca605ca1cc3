// The CLI's version: package.json's, read next to src/ or dist/ at run time. The single-file
// bundle (scripts/bundle-cli.ts) replaces this module with the version as a constant, since a
// bundle has no package.json beside it.
import { readFileSync } from 'node:fs';

export function cliVersion(): string {
  try {
    // Two levels up from src/cli and from dist/cli alike.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
