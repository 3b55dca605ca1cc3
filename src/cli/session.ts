// The connection to the cluster, chosen like kubectl chooses it: --kubeconfig, else $KUBECONFIG's
// files merged, else ~/.kube/config; --context, else the current context; exec credential plugins
// included; in a pod without a kubeconfig, its service account. The same loader as the controller's
// (src/kube/connection.ts).
import { inClusterConnection, loadKubeconfig, type LoadedKubeconfig } from '../kube/connection.js';
import { UnknownContextError } from '../kube/kubeconfig-merge.js';
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

export function loadSessionKubeconfig(global: GlobalOptions, env: Readonly<Record<string, string | undefined>> = process.env): LoadedKubeconfig {
  let loaded: LoadedKubeconfig | undefined;
  try {
    loaded = loadKubeconfig({ env, ...(global.kubeconfig === undefined ? {} : { explicitPath: global.kubeconfig }), ...(global.context === undefined ? {} : { context: global.context }) });
  } catch (err) {
    if (err instanceof UnknownContextError) throw new CliError(EXIT.usage, err.message);
    throw new CliError(EXIT.usage, `cannot load the kubeconfig${global.kubeconfig === undefined ? '' : ` ${global.kubeconfig}`}: ${errorMessage(err)}`);
  }
  if (loaded !== undefined) return loaded;
  if (env.KUBERNETES_SERVICE_HOST !== undefined) return { connection: inClusterConnection(env), contextName: 'in-cluster' };
  throw new CliError(EXIT.unavailable, 'no kubeconfig found: set KUBECONFIG or pass --kubeconfig');
}

export function openSession(global: GlobalOptions): Promise<Session> {
  const loaded = loadSessionKubeconfig(global);
  const client = new KubeClient(loaded.connection, { fieldManager: CLI_FIELD_MANAGER, connections: 4, requestTimeoutMs: 20_000 });
  return Promise.resolve({ client, source: `${loaded.contextName} (${client.server})` });
}
