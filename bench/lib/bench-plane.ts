// The cluster a scale benchmark starts from: a fresh local control plane with every CRD, the
// controller's namespace (`bench-system`) and the tenants of `shape` (workspaces and namespaces).
import { KubeClient } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import { LocalControlPlane } from '../../test/harness/control-plane.js';
import { ALL_CRD_FILES } from '../../test/support/crd-paths.js';
import { createTenants, type Shape } from './tenants.js';

export const BENCH_NAMESPACE = 'bench-system';

/** Tenants are created through `admin` (16 connections); on failure the plane is stopped. */
export async function startTenantPlane(shape: Shape): Promise<{ plane: LocalControlPlane; admin: KubeClient }> {
  const plane = await LocalControlPlane.start();
  try {
    await plane.access.installCrds(ALL_CRD_FILES);
    const admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig(), { connections: 16 });
    await admin.create(CORE.namespaces, { metadata: { name: BENCH_NAMESPACE } });
    await createTenants(admin, shape, { workspaces: true });
    return { plane, admin };
  } catch (err) {
    await plane.stop();
    throw err;
  }
}
