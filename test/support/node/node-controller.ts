// The controller on the test node, as `src/cmd/main.ts` runs it (a child process configured by file):
// Calico provider (its IPPools are created; pod addresses still come from the node's host-local
// range, which the controller is told is a cluster pod range), and optionally its pod webhook,
// which the apiserver calls by URL on loopback.
import type { ClusterAccess } from '../../harness/cluster-access.js';
import type { NodeInfo } from '../../harness/node/node-cluster.js';
import { freePort } from '../../harness/ports.js';
import { KubeClient } from '../../../src/kube/kube-client.js';
import { isNotFound } from '../../../src/kube/api-error.js';
import { CORE } from '../../../src/kube/resource.js';
import { MUTATING_WEBHOOK_CONFIGURATIONS, POD_WEBHOOK_PATH, renderMutatingWebhookConfiguration } from '../../../src/webhook/webhook-configuration.js';
import { startControllerProcess, type ControllerProcess } from '../chaos-tenant/controller-process.js';
import { ALL_CRD_FILES } from '../crd-paths.js';

export const CONTROLLER_NAMESPACE = 'tenant-network-system';
export const NODE_SYSTEM_NAMESPACES = ['kube-system', CONTROLLER_NAMESPACE];
const WEBHOOK_CONFIGURATION = 'tenant-network-controller-node-test';

export interface NodeController {
  readonly process: ControllerProcess;
  readonly probePort: number;
  stop(): Promise<void>;
}

export async function startNodeController(access: ClusterAccess, node: NodeInfo, options: { readonly webhook?: boolean; readonly config?: Record<string, unknown> } = {}): Promise<NodeController> {
  await access.installCrds(ALL_CRD_FILES);
  const admin = await KubeClient.fromKubeConfig(access.adminKubeConfig());
  try {
    await admin.create(CORE.namespaces, { metadata: { name: CONTROLLER_NAMESPACE } }).catch((err: unknown) => {
      if (!String(err).includes('already exists')) throw err;
    });
    const probePort = await freePort();
    const webhookPort = await freePort();
    if (options.webhook === true) {
      await admin.delete(MUTATING_WEBHOOK_CONFIGURATIONS, WEBHOOK_CONFIGURATION).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      await admin.create(MUTATING_WEBHOOK_CONFIGURATIONS, renderMutatingWebhookConfiguration({ name: WEBHOOK_CONFIGURATION, clientConfig: { url: `https://127.0.0.1:${webhookPort}${POD_WEBHOOK_PATH}` } }));
    }
    const process = startControllerProcess({
      config: {
        provider: 'calico',
        namespace: CONTROLLER_NAMESPACE,
        systemNamespaces: NODE_SYSTEM_NAMESPACES,
        extraPodCidrs: [node.podCidr],
        leaderElection: false,
        probePort,
        logLevel: 'info',
        ...(options.webhook === true ? { webhook: { enabled: true, port: webhookPort, ipAddresses: ['127.0.0.1'], configurationName: WEBHOOK_CONFIGURATION, annotationSets: ['kubernetes', 'calico'] } } : {}),
        ...options.config,
      },
      env: { KUBECONFIG: access.state.adminKubeconfigPath, POD_NAMESPACE: CONTROLLER_NAMESPACE },
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${probePort}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      const exited = await Promise.race([process.exited, new Promise<undefined>((resolve) => { setTimeout(() => { resolve(undefined); }, 200); })]);
      if (exited !== undefined) throw new Error(`controller exited (${exited}): ${process.stdout().slice(-2000)}${process.stderr().slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`controller not ready after 60 s: ${process.stdout().slice(-2000)}`);
    }
    return {
      process,
      probePort,
      stop: async () => {
        await process.stop();
        if (options.webhook === true) {
          const cleanup = await KubeClient.fromKubeConfig(access.adminKubeConfig());
          await cleanup.delete(MUTATING_WEBHOOK_CONFIGURATIONS, WEBHOOK_CONFIGURATION).catch(() => undefined);
          await cleanup.close();
        }
      },
    };
  } finally {
    await admin.close();
  }
}
