// `__complete WORDS...` (and the program run as kubectl_complete-tenantnet): prints what the word
// being typed may become. Names come from the cluster with a short timeout; any failure offers
// nothing rather than an error, as a shell must not print one mid-line.
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../api/resources.js';
import { KubeClient } from '../../kube/kube-client.js';
import { CORE } from '../../kube/resource.js';
import { globalOptions, tokenize } from '../args.js';
import type { GlobalOptions } from '../cli-command.js';
import { completionNeed, completionOutput, DIRECTIVE, type NameKind } from '../completion/complete.js';
import { CLI_FIELD_MANAGER, loadSessionKubeconfig } from '../session.js';

const LOOKUP_TIMEOUT_MS = 3000;

/** The global flags among the words typed so far (e.g. --context), ignoring what does not parse yet. */
function typedGlobals(words: readonly string[]): GlobalOptions {
  const tokens = tokenize(words.slice(0, -1));
  const parsed = tokens.ok ? globalOptions(tokens.tokens.flags) : undefined;
  return parsed === undefined || 'message' in parsed ? { color: 'never' } : parsed;
}

async function names(client: KubeClient, of: NameKind): Promise<string[]> {
  const type = of === 'workspace' ? WORKSPACE_NETWORKS : of === 'project' ? PROJECT_NETWORKS : CORE.namespaces;
  const list = await client.list(type, { metadataOnly: true });
  return list.items.map((o) => o.metadata?.name ?? '').filter((n) => n !== '').sort();
}

export async function runComplete(words: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const need = completionNeed(words.length === 0 ? [''] : words);
  switch (need.kind) {
    case 'fixed':
      return completionOutput(need.candidates, need.directive);
    case 'files':
      return completionOutput([], DIRECTIVE.default);
    case 'names':
      break;
  }
  let found: string[] = [];
  try {
    const loaded = loadSessionKubeconfig(typedGlobals(words), env);
    const client = new KubeClient(loaded.connection, { fieldManager: CLI_FIELD_MANAGER, requestTimeoutMs: LOOKUP_TIMEOUT_MS });
    try {
      found = await names(client, need.of);
    } finally {
      await client.close();
    }
  } catch {
    // No cluster, no names: the shell offers nothing.
  }
  const format = need.format ?? ((n: string): string => n);
  const candidates = [...(need.also ?? []).filter((c) => c.startsWith(need.prefix)), ...found.filter((n) => n.startsWith(need.prefix)).map(format)];
  return completionOutput(candidates, DIRECTIVE.noFileComp);
}
