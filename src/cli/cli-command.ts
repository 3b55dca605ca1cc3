// The command line as a value: each command with its arguments and flags, already checked.
import type { DefaultedConnectionPort } from '../api/project-connection.js';
import type { Flow } from '../policy/index.js';
import type { DryRunMode } from './command-specs.js';

/** `table` is the default; the others are kubectl's `-o` values (and `html` for the matrix). */
export type ReadFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name';
export type MatrixFormat = ReadFormat | 'html';
export type ColorMode = 'auto' | 'always' | 'never';

export interface GlobalOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Where the controller's config ConfigMap is; undefined: found by its label. */
  readonly controllerNamespace?: string;
  readonly color: ColorMode;
}

/** An end of a flow as typed: a namespace, a pod in one, or an address. */
export type EndpointArg = { readonly namespace: string; readonly pod?: string } | { readonly ip: string };

export type BandwidthTarget = { readonly kind: 'workspace' | 'project'; readonly name: string };
/** A quantity to set, or null to remove the limit; absent: leave it. */
export interface BandwidthChange {
  readonly ingress?: string | null;
  readonly egress?: string | null;
}

export type TrafficSort = 'total' | 'ingress' | 'egress' | 'name';
export type Shell = 'bash' | 'zsh';

export type CliCommand =
  | { readonly name: 'status'; readonly workspace?: string; readonly output: ReadFormat }
  | { readonly name: 'matrix'; readonly workspaces: readonly string[]; readonly output: MatrixFormat }
  | { readonly name: 'why'; readonly from: EndpointArg; readonly to: EndpointArg; readonly flow?: Flow; readonly output: ReadFormat }
  | { readonly name: 'top'; readonly workspace?: string; readonly sortBy: TrafficSort; readonly output: ReadFormat }
  | { readonly name: 'bandwidth'; readonly workspace?: string; readonly output: ReadFormat }
  | { readonly name: 'bandwidth-set'; readonly target: BandwidthTarget; readonly change: BandwidthChange; readonly dryRun: DryRunMode }
  | { readonly name: 'check'; readonly output: ReadFormat }
  | { readonly name: 'connect'; readonly from: string; readonly to: string; readonly oneWay: boolean; readonly ports: readonly DefaultedConnectionPort[]; readonly dryRun: DryRunMode }
  | { readonly name: 'disconnect'; readonly a: string; readonly b: string; readonly dryRun: DryRunMode }
  | { readonly name: 'isolate' | 'open'; readonly project: string; readonly dryRun: DryRunMode }
  | { readonly name: 'workspace'; readonly workspace: string; readonly intra: 'Allow' | 'Deny'; readonly dryRun: DryRunMode }
  | { readonly name: 'completion'; readonly shell: Shell };
