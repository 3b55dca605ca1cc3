// One real node per `node` test run: Jest's global setup starts it and records how to reach it in a
// state file named by TNC_TEST_NODE_STATE, which the test workers inherit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterAccess, type ClusterAccessState } from '../cluster-access.js';
import { NodeCluster, type NodeInfo } from './node-cluster.js';

const STATE_ENV = 'TNC_TEST_NODE_STATE';
let running: { node: NodeCluster; stateDir: string } | undefined;

interface NodeState {
  readonly access: ClusterAccessState;
  readonly node: NodeInfo;
}

export async function startSharedNode(): Promise<void> {
  const node = await NodeCluster.start({ progress: (line) => process.stderr.write(`[node] ${line}\n`) });
  const stateDir = mkdtempSync(join(tmpdir(), 'tnc-node-state-'));
  const statePath = join(stateDir, 'node.json');
  writeFileSync(statePath, JSON.stringify({ access: node.plane.access.state, node: node.info } satisfies NodeState), { mode: 0o600 });
  process.env[STATE_ENV] = statePath;
  running = { node, stateDir };
  process.stderr.write(`[node] ${node.info.nodeNetns} Ready in ${node.info.startSeconds.toFixed(1)} s; apiserver ${node.plane.access.serverUrl}\n`);
}

export async function stopSharedNode(): Promise<void> {
  if (running === undefined) return;
  await running.node.stop();
  rmSync(running.stateDir, { recursive: true, force: true });
  running = undefined;
}

/** The shared node, from inside a test file. */
export function sharedNode(): { readonly access: ClusterAccess; readonly node: NodeInfo } {
  const path = process.env[STATE_ENV];
  if (path === undefined) throw new Error(`${STATE_ENV} is not set: run node tests through jest's node project (make test-node)`);
  const state = JSON.parse(readFileSync(path, 'utf8')) as NodeState;
  return { access: new ClusterAccess(state.access), node: state.node };
}
