import '../../scripts/ts-hooks.js';

export default async function globalTeardown() {
  const { stopSharedControlPlane } = await import('../harness/shared.ts');
  await stopSharedControlPlane();
}
