// Writes the admission objects rendered from src/admission and src/webhook (see
// src/admission/generated-files.ts) into the chart, and removes generated files that are no longer
// rendered. `--check` writes nothing and exits 1 when a file is stale.
//
//   node_modules/.bin/node scripts/generate-admission.ts [--check]
//
// scripts/ts-hooks.js maps the sources' './x.js' imports to the .ts files; static imports run
// first, so the hook is in place when the dynamic import below loads src/admission.
import './ts-hooks.js';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { ADMISSION_GENERATED_DIR, ADMISSION_GENERATED_HEADER, renderAdmissionFiles } = await import('../src/admission/generated-files.js');

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const checkOnly = process.argv.includes('--check');

const rendered = renderAdmissionFiles();
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

for (const name of await readdir(join(repoRoot, ADMISSION_GENERATED_DIR)).catch(() => [] as string[])) {
  const path = `${ADMISSION_GENERATED_DIR}/${name}`;
  if (wanted.has(path) || !name.endsWith('.yaml')) continue;
  const content = await readFile(join(repoRoot, path), 'utf8');
  if (!content.startsWith(ADMISSION_GENERATED_HEADER)) continue;
  problems.push(`obsolete: ${path}`);
  if (!checkOnly) await rm(join(repoRoot, path));
}

for (const problem of problems) console.log(checkOnly ? problem : `fixed ${problem}`);
if (checkOnly && problems.length > 0) {
  console.log('admission files are out of date: run node_modules/.bin/node scripts/generate-admission.ts');
  process.exitCode = 1;
} else {
  console.log(`${rendered.length} admission files ${checkOnly ? 'up to date' : 'written'}`);
}
