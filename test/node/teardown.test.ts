// A test node takes back everything it made: a second node started beside the shared one (its own
// slot: namespaces, links, cgroups, addresses) runs a pod and, once stopped, leaves nothing; and a
// run killed outright (no tear-down at all) is swept by the next one, containers included.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from '../../src/kube/kube-client.js';
import { ClusterAccess, type ClusterAccessState } from '../harness/cluster-access.js';
import { findLeftovers } from '../harness/node/leftovers.js';
import { NodeCluster, type NodeInfo } from '../harness/node/node-cluster.js';
import { sweepStaleSlots } from '../harness/node/node-host.js';
import { sharedNode } from '../harness/node/shared-node.js';
import { REPO_ROOT } from '../support/helm.js';
import { createPodWhenAdmitted, probePodManifest, waitForPodEndpoint } from '../support/node/probe-pods.js';

describe('test node tear-down', () => {
  const shared = sharedNode();
  const scratch = mkdtempSync(join(tmpdir(), 'tnc-teardown-'));
  afterAll(() => { rmSync(scratch, { recursive: true, force: true }); });

  it('a second node beside the first runs a pod, and its stop leaves nothing behind', async () => {
    const second = await NodeCluster.start();
    const slot = second.info.slot;
    try {
      expect(slot).not.toBe(shared.node.slot);
      const admin = await KubeClient.fromKubeConfig(second.plane.access.adminKubeConfig());
      await createPodWhenAdmitted(admin, probePodManifest('default'));
      const pod = await waitForPodEndpoint(admin, second.info, 'default');
      expect(pod.ip.startsWith(second.info.podCidr.split('.').slice(0, 2).join('.'))).toBe(true);
      await admin.close();
      expect(findLeftovers(slot).length).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
    expect(findLeftovers(slot)).toEqual([]);
    // The shared node is untouched.
    expect(findLeftovers(shared.node.slot)).toEqual(expect.arrayContaining([`network namespace ${shared.node.nodeNetns}`]));
  }, 240_000);

  it("a run killed outright is swept by the next, its containers included", async () => {
    const localDir = join(scratch, 'killed');
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/node'), ['--import', join(REPO_ROOT, 'scripts/ts-hooks.js'), join(REPO_ROOT, 'test/harness/node/node-main.ts'), localDir], { stdio: 'ignore' });
    const deadline = Date.now() + 180_000;
    while (!existsSync(join(localDir, 'node.ready'))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error('the node to be killed did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const state = JSON.parse(readFileSync(join(localDir, 'node.json'), 'utf8')) as { access: ClusterAccessState; node: NodeInfo };
    const admin = await KubeClient.fromKubeConfig(new ClusterAccess(state.access).adminKubeConfig());
    await createPodWhenAdmitted(admin, probePodManifest('default'));
    await waitForPodEndpoint(admin, state.node, 'default');
    await admin.close();

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(findLeftovers(state.node.slot)).toEqual(expect.arrayContaining([`network namespace ${state.node.nodeNetns}`]));
    expect(await sweepStaleSlots()).toEqual([state.node.slot]);
    expect(findLeftovers(state.node.slot)).toEqual([]);
    expect(existsSync(state.node.runDir)).toBe(false);
  }, 300_000);
});
