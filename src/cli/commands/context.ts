// What every command gets: the API client, where to write, how to colour, and the clock.
import type { KubeClient } from '../../kube/kube-client.js';
import type { ExitCode } from '../exit-codes.js';
import type { Style } from '../render/style.js';

export interface CommandContext {
  readonly client: KubeClient;
  /** `context (server)` of the kubeconfig in use. */
  readonly source: string;
  readonly style: Style;
  out(text: string): void;
  /** Notes and warnings that are not the command's output. */
  err(text: string): void;
  now(): Date;
}

export type CommandResult = Promise<ExitCode>;
