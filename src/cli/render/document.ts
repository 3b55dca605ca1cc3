// The versioned documents of `-o json` and `-o yaml`: every read command prints one object with
// `apiVersion` and `kind` first, so scripts can tell which shape they hold. Within one apiVersion
// fields are only ever added (docs/operations.md, "Output for scripts").
import { stringify } from 'yaml';

export const CLI_API_VERSION = 'cli.sdn.kubesphere.io/v1';

export type DocumentKind = 'Status' | 'ConnectivityMatrix' | 'FlowExplanation' | 'TrafficReport' | 'BandwidthReport' | 'CheckReport';

export type CliDocument<K extends DocumentKind, B extends object> = { readonly apiVersion: typeof CLI_API_VERSION; readonly kind: K } & B;

export function cliDocument<K extends DocumentKind, B extends object>(kind: K, body: B): CliDocument<K, B> {
  return { apiVersion: CLI_API_VERSION, kind, ...body };
}

/**
 * JSON with two-space indents, or YAML of the same object; both end with a newline. YAML 1.1 rules
 * for quoting, as kubectl reads YAML: a name like `yes` or `on` stays a string.
 */
export function renderDocument(document: object, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { version: '1.1', lineWidth: 0 });
}
