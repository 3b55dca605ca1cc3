// The local control plane itself: version stamping, authentication of minted users and service
// accounts, RBAC enforcement, and a clean stop.
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { AuthenticationV1Api, CoreV1Api, RbacAuthorizationV1Api, VersionApi } from '@kubernetes/client-node';
import { LocalControlPlane } from '../harness/control-plane.js';
import { sharedCluster } from '../harness/shared.js';

function statusCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: number }).code : undefined;
}

describe('local control plane', () => {
  const cluster = sharedCluster();

  it('reports the stamped Kubernetes version', async () => {
    const version = await cluster.adminKubeConfig().makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.3\d\.\d+$/);
  });

  it('authenticates a minted user and enforces RBAC on it', async () => {
    const user = `user-${Date.now()}`;
    const kc = await cluster.userKubeConfig(user, ['team-a']);
    const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(review.status?.userInfo?.username).toBe(user);
    expect(review.status?.userInfo?.groups).toContain('team-a');

    const core = kc.makeApiClient(CoreV1Api);
    const denied = await core.listNamespace().then(() => undefined, (err: unknown) => statusCode(err));
    expect(denied).toBe(403);
    // A role of our own: the built-in aggregated roles (view, edit) stay empty without kube-controller-manager.
    const rbac = cluster.adminKubeConfig().makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({ body: { metadata: { name: `${user}-ns-reader` }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }] } });
    await rbac.createClusterRoleBinding({
      body: { metadata: { name: `${user}-ns-reader` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${user}-ns-reader` }, subjects: [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }] },
    });
    // RBAC caches refresh from an informer: allow it a moment.
    let lastError: unknown;
    for (let i = 0; i < 50; i++) {
      try {
        await core.listNamespace();
        lastError = undefined;
        break;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(lastError).toBeUndefined();
  });

  it('mints service-account tokens through TokenRequest', async () => {
    const kc = await cluster.serviceAccountKubeConfig('harness-test', 'robot');
    const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(review.status?.userInfo?.username).toBe('system:serviceaccount:harness-test:robot');
  });

  it('stops without leaving processes or files behind', async () => {
    const plane = await LocalControlPlane.start();
    const pids = plane.pids();
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(() => process.kill(pid, 0)).not.toThrow();
    await plane.stop();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(plane.rootDir)).toBe(false);
  }, 120_000);
});
