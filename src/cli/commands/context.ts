// What every command gets: the API client, the controller's settings and the cluster snapshot
// (each read at most once, and only by the commands that need them), where to write, how to colour,
// and the clock.
import type { KubeClient } from '../../kube/kube-client.js';
import type { GlobalOptions } from '../cli-command.js';
import { assumedDefaultsNote, type LoadedSettings } from '../controller-settings.js';
import type { ExitCode } from '../exit-codes.js';
import { fetchSettings } from '../fetch-settings.js';
import { fetchSnapshot } from '../fetch-snapshot.js';
import type { Style } from '../render/style.js';
import type { ClusterSnapshot } from '../snapshot.js';

export interface CommandContext {
  readonly client: KubeClient;
  /** `context (server)` of the kubeconfig in use. */
  readonly source: string;
  readonly style: Style;
  out(text: string): void;
  /** Notes and warnings that are not the command's output. */
  err(text: string): void;
  now(): Date;
  /** The controller's settings from the cluster (or the defaults, with a note on stderr saying why). */
  settings(): Promise<LoadedSettings>;
  /** Every object the tenancy rules read, judged by those settings. */
  snapshot(): Promise<ClusterSnapshot>;
}

export type CommandResult = Promise<ExitCode>;

export interface ContextParts {
  readonly client: KubeClient;
  readonly source: string;
  readonly style: Style;
  readonly global: GlobalOptions;
  out(text: string): void;
  err(text: string): void;
  now(): Date;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

export function commandContext(parts: ContextParts): CommandContext {
  const settings = once(async () => {
    const loaded = await fetchSettings(parts.client, parts.global.controllerNamespace);
    const note = assumedDefaultsNote(loaded);
    if (note !== undefined) parts.err(`${note}\n`);
    for (const problem of loaded.problems) parts.err(`note: the controller's config file: ${problem} (its default is used)\n`);
    return loaded;
  });
  return {
    client: parts.client,
    source: parts.source,
    style: parts.style,
    out: (text) => { parts.out(text); },
    err: (text) => { parts.err(text); },
    now: () => parts.now(),
    settings,
    snapshot: once(() => fetchSnapshot(parts.client, settings().then((l) => l.settings))),
  };
}
