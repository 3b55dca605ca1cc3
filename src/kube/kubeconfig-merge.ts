// Several kubeconfig files merged the way kubectl merges KUBECONFIG=a:b:c: the first file to define a
// cluster, user or context name wins, whole (a later entry of the same name is dropped, not merged
// field by field), and the first file that sets current-context decides it. Each entry keeps the
// directory of its file, against which its relative paths (certificate and token files, an exec
// command) are resolved. Pure: reading the files is the caller's job.
import { dirname, isAbsolute, join } from 'node:path';

export type Entry = Readonly<Record<string, unknown>>;

export interface KubeconfigFile {
  readonly path: string;
  /** The parsed YAML (null for an empty file). */
  readonly doc: unknown;
}

/** An entry and the directory of the file that defined it. */
export interface Located {
  readonly entry: Entry;
  readonly dir: string;
}

export interface MergedKubeconfig {
  readonly currentContext: string | undefined;
  readonly clusters: ReadonlyMap<string, Located>;
  readonly users: ReadonlyMap<string, Located>;
  readonly contexts: ReadonlyMap<string, Located>;
}

export interface SelectedContext {
  readonly name: string;
  readonly cluster: Located;
  readonly userName: string | undefined;
  /** Absent: the context names no user, or one no file defines (kubectl then sends no credentials). */
  readonly user: Located | undefined;
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string field of an entry. */
export function stringField(entry: Entry | undefined, key: string): string | undefined {
  const value = entry?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A path from a kubeconfig entry, relative to the file that defined it. */
export function resolveIn(located: Located, path: string): string {
  return isAbsolute(path) ? path : join(located.dir, path);
}

function namedEntries(doc: Entry, list: string, field: string, path: string): [string, Entry][] {
  const items = doc[list];
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new Error(`kubeconfig ${path}: ${list} is not a list`);
  return items.flatMap((item: unknown): [string, Entry][] => {
    if (!isEntry(item) || typeof item.name !== 'string' || item.name === '') throw new Error(`kubeconfig ${path}: an entry of ${list} has no name`);
    const value = item[field];
    return [[item.name, isEntry(value) ? value : {}]];
  });
}

export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
  let currentContext: string | undefined;
  const clusters = new Map<string, Located>();
  const users = new Map<string, Located>();
  const contexts = new Map<string, Located>();
  for (const file of files) {
    if (file.doc === null || file.doc === undefined) continue;
    if (!isEntry(file.doc)) throw new Error(`kubeconfig ${file.path}: not a kubeconfig (a YAML map)`);
    const dir = dirname(file.path);
    currentContext ??= stringField(file.doc, 'current-context');
    for (const [target, list, field] of [[clusters, 'clusters', 'cluster'], [users, 'users', 'user'], [contexts, 'contexts', 'context']] as const) {
      for (const [name, entry] of namedEntries(file.doc, list, field, file.path)) {
        if (!target.has(name)) target.set(name, { entry, dir });
      }
    }
  }
  return { currentContext, clusters, users, contexts };
}

/** The context to use (`wanted`, else current-context) with its cluster and user. */
export function selectContext(merged: MergedKubeconfig, wanted?: string): SelectedContext {
  const name = wanted ?? merged.currentContext;
  if (name === undefined) throw new Error('the kubeconfig sets no current-context; name one with --context');
  const context = merged.contexts.get(name);
  if (context === undefined) throw new UnknownContextError(name, [...merged.contexts.keys()]);
  const clusterName = stringField(context.entry, 'cluster');
  const cluster = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (cluster === undefined) throw new Error(`kubeconfig context ${JSON.stringify(name)}: cluster ${JSON.stringify(clusterName ?? '')} is not defined`);
  const userName = stringField(context.entry, 'user');
  return { name, cluster, userName, user: userName === undefined ? undefined : merged.users.get(userName) };
}

export class UnknownContextError extends Error {
  readonly known: readonly string[];

  constructor(name: string, known: readonly string[]) {
    super(`context ${name} is not in the kubeconfig (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownContextError';
    this.known = known;
  }
}

/**
 * The files to read, as kubectl chooses them: an explicit path alone; else KUBECONFIG's list (empty
 * names ignored, duplicates dropped, missing files skipped); else ~/.kube/config when it exists.
 */
export function kubeconfigPaths(options: { readonly explicit?: string; readonly kubeconfigEnv?: string; readonly home: string; readonly exists: (path: string) => boolean }): string[] {
  if (options.explicit !== undefined) return [options.explicit];
  const listed = (options.kubeconfigEnv ?? '').split(':').filter((p) => p !== '');
  if (listed.length > 0) {
    const present = [...new Set(listed)].filter((p) => options.exists(p));
    if (present.length === 0) throw new Error(`none of the KUBECONFIG files exists: ${listed.join(', ')}`);
    return present;
  }
  const fallback = join(options.home, '.kube', 'config');
  return options.exists(fallback) ? [fallback] : [];
}
