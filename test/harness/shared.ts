// One control plane per integration run: Jest's global setup starts it and records how to reach it
// in a state file named by TNC_TEST_CLUSTER_STATE, which the test workers inherit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterAccess } from './cluster-access.js';
import { LocalControlPlane } from './control-plane.js';

const STATE_ENV = 'TNC_TEST_CLUSTER_STATE';
let running: { plane: LocalControlPlane; stateDir: string } | undefined;

export async function startSharedControlPlane(): Promise<void> {
  const started = Date.now();
  const plane = await LocalControlPlane.start();
  const stateDir = mkdtempSync(join(tmpdir(), 'tnc-test-state-'));
  const statePath = join(stateDir, 'cluster.json');
  plane.access.writeStateFile(statePath);
  process.env[STATE_ENV] = statePath;
  running = { plane, stateDir };
  process.stderr.write(`\n[control-plane] up at ${plane.access.serverUrl} in ${Date.now() - started} ms\n`);
}

export async function stopSharedControlPlane(): Promise<void> {
  if (running === undefined) return;
  await running.plane.stop();
  rmSync(running.stateDir, { recursive: true, force: true });
  running = undefined;
}

/** The shared control plane, from inside a test file. */
export function sharedCluster(): ClusterAccess {
  const path = process.env[STATE_ENV];
  if (path === undefined) throw new Error(`${STATE_ENV} is not set: run integration tests through jest's integration project`);
  return ClusterAccess.fromFile(path);
}
