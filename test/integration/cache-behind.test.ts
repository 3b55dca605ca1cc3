// A create of an object the controller's cache does not show yet (its watch event is still on the
// way) answers AlreadyExists. That is cache lag, not a failure: it used to surface as a terminal
// reconcile error logged at error level; now it is a retry, which reads the object live.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API_GROUP_VERSION, KIND_PROJECT_NETWORK } from '../../src/api/constants.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import { createUnlessCacheBehind, liveAfterFailure } from '../../src/controller/live-after-failure.js';
import { KubeClient, type KubeObject } from '../../src/kube/kube-client.js';
import { ControllerError } from '../../src/util/errors.js';
import { sharedCluster } from '../harness/shared.js';
import { CRD_FILES } from '../support/crd-paths.js';

const NAME = 'cache-behind-project';

describe('creating what the cache does not show yet', () => {
  let client: KubeClient;
  const signal = new AbortController().signal;
  const object = (): KubeObject => ({ apiVersion: API_GROUP_VERSION, kind: KIND_PROJECT_NETWORK, metadata: { name: NAME }, spec: { workspace: 'cache-behind-ws' } } as KubeObject);

  beforeAll(async () => {
    await sharedCluster().installCrds([CRD_FILES.projectNetworks]);
    client = await KubeClient.fromKubeConfig(sharedCluster().adminKubeConfig());
  });

  afterAll(async () => {
    await client.delete(PROJECT_NETWORKS, NAME).catch(() => undefined);
    await client.close();
  });

  it('creates it when it is new, and asks for a retry when it already exists', async () => {
    const created = await createUnlessCacheBehind(client, PROJECT_NETWORKS, object(), signal);
    expect(created.metadata?.uid).toBeDefined();
    const again = await createUnlessCacheBehind(client, PROJECT_NETWORKS, object(), signal).then(() => undefined, (err: unknown) => err);
    expect(again).toBeInstanceOf(ControllerError);
    expect(again).toMatchObject({ code: 'CacheBehind', retryable: true });
    // The retry sees it although nothing was cached.
    const live = await liveAfterFailure(client, PROJECT_NETWORKS, NAME, undefined, 1, signal);
    expect(live?.metadata?.uid).toBe(created.metadata?.uid);
  });
});
