// Every change the CLI makes goes through here, so `--dry-run` means the same for every command:
// client — nothing is sent; server — the API server validates and admits the change (webhooks and
// admission policies included) and persists nothing; none — the change is made.
import type { KubeClient, KubeObject } from '../kube/kube-client.js';
import type { ResourceType } from '../kube/resource.js';
import type { DryRunMode } from './command-specs.js';

export interface Writer {
  readonly mode: DryRunMode;
  /** Appended to the verb of each line the command prints, as kubectl does. */
  readonly suffix: string;
  apply(type: ResourceType, object: KubeObject): Promise<void>;
  mergePatch(type: ResourceType, name: string, patch: unknown, namespace?: string): Promise<void>;
  delete(type: ResourceType, name: string, uid?: string): Promise<void>;
}

const SUFFIX: Readonly<Record<DryRunMode, string>> = { none: '', client: ' (dry run)', server: ' (server dry run)' };

export function writerFor(client: KubeClient, mode: DryRunMode): Writer {
  const send = mode !== 'client';
  const dryRun = mode === 'server';
  return {
    mode,
    suffix: SUFFIX[mode],
    apply: async (type, object) => {
      if (send) await client.apply(type, object, { dryRun });
    },
    mergePatch: async (type, name, patch, namespace) => {
      if (send) await client.mergePatch(type, name, patch, { dryRun, ...(namespace === undefined ? {} : { namespace }) });
    },
    delete: async (type, name, uid) => {
      if (send) await client.delete(type, name, { dryRun, ...(uid === undefined ? {} : { uid }) });
    },
  };
}
