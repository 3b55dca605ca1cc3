// Writes the admission objects rendered from src/admission-manifests and src/webhook (see
// src/admission-manifests/generated-files.ts) into the chart, and removes generated files that are no longer
// rendered. `--check` writes nothing and exits 1 when a file is stale.
//
//   node_modules/.bin/node scripts/generate-admission.ts [--check]
//
// scripts/ts-hooks.js maps the sources' './x.js' imports to the .ts files; static imports run
// first, so the hook is in place when the dynamic imports below load src/admission-manifests.
import './ts-hooks.js';
const { syncGeneratedFiles } = await import('./sync-generated.js');
const { ADMISSION_GENERATED_DIR, ADMISSION_GENERATED_HEADER, renderAdmissionFiles } = await import('../src/admission-manifests/generated-files.js');

await syncGeneratedFiles(renderAdmissionFiles(), {
  what: 'admission',
  script: 'scripts/generate-admission.ts',
  dirs: [ADMISSION_GENERATED_DIR],
  header: ADMISSION_GENERATED_HEADER,
  checkOnly: process.argv.includes('--check'),
});
