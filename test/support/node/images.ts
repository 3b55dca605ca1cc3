// Importing an offline-built image into a running test node's containerd (its socket is a file in
// the node's run directory, reachable from the host).
import type { NodeInfo } from '../../harness/node/node-cluster.js';
import { runCommand } from '../../harness/node/node-cluster.js';
import type { BuiltImage } from '../../harness/node/node-images.js';

export async function importImage(node: NodeInfo, image: BuiltImage): Promise<void> {
  await runCommand(node.ctr, ['--address', node.containerdSocket, '--namespace', 'k8s.io', 'images', 'import', image.archive], { timeoutMs: 300_000 });
}
