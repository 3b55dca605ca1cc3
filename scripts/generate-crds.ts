// Writes the CRD YAML files rendered from src/api (see src/api/crd-files.ts) and removes generated
// files that are no longer rendered. `--check` writes nothing and exits 1 when a file is stale.
//
//   node_modules/.bin/node scripts/generate-crds.ts [--check]
//
// Node 24 runs .ts files by stripping types, but our sources import './x.js' (NodeNext style);
// scripts/ts-hooks.js maps those to the .ts files. Static imports are evaluated before this body,
// so the hook is in place when the dynamic import below loads src/api.
import './ts-hooks.js';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { CRD_DIRS, GENERATED_HEADER, renderCrdFiles } = await import('../src/api/crd-files.js');

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const checkOnly = process.argv.includes('--check');

const rendered = renderCrdFiles();
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

// Generated files whose CRD is gone; hand-written files (no header) are left alone.
for (const dir of new Set<string>(Object.values(CRD_DIRS))) {
  const names = await readdir(join(repoRoot, dir)).catch(() => [] as string[]);
  for (const name of names) {
    const path = `${dir}/${name}`;
    if (wanted.has(path) || !name.endsWith('.yaml')) continue;
    const content = await readFile(join(repoRoot, path), 'utf8');
    if (!content.startsWith(GENERATED_HEADER)) continue;
    problems.push(`obsolete: ${path}`);
    if (!checkOnly) await rm(join(repoRoot, path));
  }
}

for (const problem of problems) console.log(checkOnly ? problem : `fixed ${problem}`);
if (checkOnly && problems.length > 0) {
  console.log('CRD files are out of date: run node_modules/.bin/node scripts/generate-crds.ts');
  process.exitCode = 1;
} else {
  console.log(`${rendered.length} CRD files ${checkOnly ? 'up to date' : 'written'}`);
}
