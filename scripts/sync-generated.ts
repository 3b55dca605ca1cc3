// The write-or-check loop shared by the generators: makes the files under the repository root
// match what was rendered, and removes generated files (those starting with `header`) in `dirs`
// that are no longer rendered; hand-written files are left alone. With `checkOnly` it writes
// nothing and sets exit code 1 when anything is missing, stale or obsolete.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export interface SyncOptions {
  /** What the files are, for the messages ("CRD", "admission"). */
  readonly what: string;
  /** The script that regenerates them, for the hint on a failed check. */
  readonly script: string;
  readonly dirs: Iterable<string>;
  readonly header: string;
  readonly checkOnly: boolean;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export async function syncGeneratedFiles(rendered: readonly GeneratedFile[], options: SyncOptions): Promise<void> {
  const { checkOnly } = options;
  const wanted = new Set(rendered.map((file) => file.path));
  const problems: string[] = [];

  for (const file of rendered) {
    const target = join(repoRoot, file.path);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === file.content) continue;
    problems.push(`${current === undefined ? 'missing' : 'stale'}: ${file.path}`);
    if (!checkOnly) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
  }

  for (const dir of new Set(options.dirs)) {
    for (const name of await readdir(join(repoRoot, dir)).catch(() => [] as string[])) {
      const path = `${dir}/${name}`;
      if (wanted.has(path) || !name.endsWith('.yaml')) continue;
      const content = await readFile(join(repoRoot, path), 'utf8');
      if (!content.startsWith(options.header)) continue;
      problems.push(`obsolete: ${path}`);
      if (!checkOnly) await rm(join(repoRoot, path));
    }
  }

  for (const problem of problems) console.log(checkOnly ? problem : `fixed ${problem}`);
  if (checkOnly && problems.length > 0) {
    console.log(`${options.what} files are out of date: run node_modules/.bin/node ${options.script}`);
    process.exitCode = 1;
  } else {
    console.log(`${rendered.length} ${options.what} files ${checkOnly ? 'up to date' : 'written'}`);
  }
}
