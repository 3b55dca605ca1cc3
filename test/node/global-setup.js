// Starts the real node once per run (see test/harness/node/node-cluster.ts); Node's own type
// stripping loads the TypeScript harness, as in the integration project.
import '../../scripts/ts-hooks.js';

export default async function globalSetup() {
  const { startSharedNode } = await import('../harness/node/shared-node.ts');
  await startSharedNode();
}
