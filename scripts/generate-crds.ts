// Writes the CRD YAML files rendered from src/api (see src/api/crd-files.ts) and removes generated
// files that are no longer rendered. `--check` writes nothing and exits 1 when a file is stale.
//
//   node_modules/.bin/node scripts/generate-crds.ts [--check]
//
// Node 24 runs .ts files by stripping types, but our sources import './x.js' (NodeNext style);
// scripts/ts-hooks.js maps those to the .ts files. Static imports are evaluated before this body,
// so the hook is in place when the dynamic imports below load src/api.
import './ts-hooks.js';
const { syncGeneratedFiles } = await import('./sync-generated.js');
const { CRD_DIRS, GENERATED_HEADER, allCrds, renderCrdFiles } = await import('../src/api/crd-files.js');
const { PROVIDER_NAMES } = await import('../src/providers/registry.js');

await syncGeneratedFiles(renderCrdFiles(allCrds(PROVIDER_NAMES)), {
  what: 'CRD',
  script: 'scripts/generate-crds.ts',
  dirs: Object.values(CRD_DIRS),
  header: GENERATED_HEADER,
  checkOnly: process.argv.includes('--check'),
});
