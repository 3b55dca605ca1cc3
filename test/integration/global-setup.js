// Jest runs global setup outside its module system, so the TypeScript harness is loaded with
// Node's own type stripping (plus our .js → .ts resolve hook).
import '../../scripts/ts-hooks.js';

export default async function globalSetup() {
  const { startSharedControlPlane } = await import('../harness/shared.ts');
  await startSharedControlPlane();
}
