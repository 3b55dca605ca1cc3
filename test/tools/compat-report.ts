// `make test-compat`'s last step: the outcome tables the hostile-tenant and bad-input suites wrote
// (test/support/compat-table.ts) for the oldest and the newest Kubernetes, side by side. Exits 1 when
// a row was refused on one and not on the other (or is missing from one): the same guarantees on
// every supported version is the point (docs/compatibility.md).
//
//   node_modules/.bin/node --import ./scripts/ts-hooks.js test/tools/compat-report.ts v1.27.16 v1.36.3
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTables, type CompatTable } from '../support/compat-compare.js';
import { COMPAT_DIR } from '../support/compat-table.js';

const [oldest, newest] = process.argv.slice(2);
if (oldest === undefined || newest === undefined) {
  process.stderr.write('usage: compat-report.ts <oldest version> <newest version>\n');
  process.exit(2);
}
let failed = false;
for (const suite of ['hostile-tenant', 'bad-input']) {
  const load = (version: string): CompatTable | undefined => {
    const path = join(COMPAT_DIR, `${suite}-${version}.json`);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CompatTable) : undefined;
  };
  const [a, b] = [load(oldest), load(newest)];
  if (a === undefined || b === undefined) {
    process.stdout.write(`${suite}: no table for ${a === undefined ? oldest : newest} (run the suite on it first)\n`);
    failed = true;
    continue;
  }
  const report = compareTables(a, b);
  process.stdout.write(`${report.text}\n`);
  failed ||= report.differences > 0;
}
process.exit(failed ? 1 : 0);
