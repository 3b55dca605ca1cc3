import '../../scripts/ts-hooks.js';

export default async function globalTeardown() {
  const { stopSharedNode } = await import('../harness/node/shared-node.ts');
  await stopSharedNode();
}
