// The connection to the cluster, chosen like kubectl chooses it: --kubeconfig, else $KUBECONFIG,
// else ~/.kube/config (or in-cluster); --context, else the current context.
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../kube/kube-client.js';
import { errorMessage } from '../util/errors.js';
import type { GlobalOptions } from './args.js';
import { CliError, EXIT } from './exit-codes.js';

/** Field manager of everything the CLI writes, so `managedFields` shows who changed what. */
export const CLI_FIELD_MANAGER = 'kubectl-tenantnet';

export interface Session {
  readonly client: KubeClient;
  /** `context (server)`, for messages and the HTML page. */
  readonly source: string;
}

export function loadKubeConfig(global: GlobalOptions): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (global.kubeconfig === undefined) kc.loadFromDefault();
    else kc.loadFromFile(global.kubeconfig);
  } catch (err) {
    throw new CliError(EXIT.usage, `cannot load the kubeconfig${global.kubeconfig === undefined ? '' : ` ${global.kubeconfig}`}: ${errorMessage(err)}`);
  }
  if (global.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === global.context)) {
      throw new CliError(EXIT.usage, `context ${global.context} is not in the kubeconfig (known: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    kc.setCurrentContext(global.context);
  }
  if (kc.getCurrentCluster() === null) throw new CliError(EXIT.unavailable, 'the kubeconfig names no cluster: set KUBECONFIG or pass --kubeconfig');
  return kc;
}

export async function openSession(global: GlobalOptions): Promise<Session> {
  const kc = loadKubeConfig(global);
  const client = await KubeClient.fromKubeConfig(kc, { fieldManager: CLI_FIELD_MANAGER, connections: 4, requestTimeoutMs: 20_000 }).catch((err: unknown) => {
    throw new CliError(EXIT.unavailable, `cannot use the kubeconfig's credentials: ${errorMessage(err)}`);
  });
  return { client, source: `${kc.getCurrentContext()} (${client.server})` };
}
