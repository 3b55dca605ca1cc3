// The project's import graph and the layering rules it must follow (docs/architecture.md, "Layers
// and import direction"). Reading is separate from judging, so the rules can be tested on small
// made-up graphs as well as run on the real tree.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, relative to the repository root (`src/cli/run.ts`). */
  readonly from: string;
  /** A repository file (`src/kube/resource.ts`) or a package name (`node:fs`, `yaml`). */
  readonly to: string;
  /** `import type` / `export type`: erased at run time. */
  readonly typeOnly: boolean;
}

/** Production sources: tests and test-support files are not shipped and may import anything. */
export function isProductionSource(path: string): boolean {
  return path.startsWith('src/') && path.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(path) && !path.endsWith('.test.ts');
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(root, path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (clause === undefined) return false; // a side-effect import runs the module
  if (clause.phaseModifier === ts.SyntaxKind.TypeKeyword) return true;
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** Every import and re-export of the production sources under `src/`, dynamic imports included. */
export function readImportGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root, 'src').filter(isProductionSource)) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, false);
    const add = (specifier: string, typeOnly: boolean): void => {
      const to = specifier.startsWith('.') ? relative(root, resolve(root, dirname(file), specifier.replace(/\.js$/, '.ts'))) : packageName(specifier);
      edges.push({ from: file, to, typeOnly });
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
        add(node.moduleSpecifier.text, isTypeOnly(node));
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [argument] = node.arguments;
        if (argument !== undefined && ts.isStringLiteral(argument)) add(argument.text, false);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return edges;
}

/** The folder right under `src/` (`src/controller/project/x.ts` → `controller`), or undefined. */
export function folderOf(path: string): string | undefined {
  const match = /^src\/([^/]+)\//.exec(path);
  return match?.[1];
}

/** Folders whose code is pure: no I/O of its own, and none reachable through its imports. */
export const PURE_FOLDERS: ReadonlySet<string> = new Set(['api', 'ipam', 'policy', 'model']);
/** Packages without I/O that pure code may use. */
export const PURE_PACKAGES: ReadonlySet<string> = new Set(['yaml', 'ip-address']);
/** Packages pure code may use for types only (the import is erased). */
export const TYPE_ONLY_PACKAGES: ReadonlySet<string> = new Set(['@kubernetes/client-node']);

export function checkPureFolders(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const folder = folderOf(edge.from);
    if (folder === undefined || !PURE_FOLDERS.has(folder)) continue;
    if (edge.to.startsWith('src/')) {
      const target = folderOf(edge.to);
      if (target === undefined || !PURE_FOLDERS.has(target)) problems.push(`${edge.from} imports ${edge.to}: ${folder}/ is pure and may import only ${[...PURE_FOLDERS].join(', ')}`);
    } else if (!PURE_PACKAGES.has(edge.to) && !(edge.typeOnly && TYPE_ONLY_PACKAGES.has(edge.to))) {
      problems.push(`${edge.from} imports ${edge.to}${edge.typeOnly ? ' (types)' : ''}: ${folder}/ is pure and may not use it`);
    }
  }
  return problems;
}

/** `cmd/` wires the program together; nothing may depend on it. */
export function checkNothingImportsCmd(edges: readonly ImportEdge[]): string[] {
  return edges.filter((e) => folderOf(e.to) === 'cmd' && folderOf(e.from) !== 'cmd').map((e) => `${e.from} imports ${e.to}: nothing may import cmd/`);
}

/** What the rest of the program may see of providers/: the contract, the plug-in shape, the registry. */
export const PROVIDER_FACES: ReadonlySet<string> = new Set(['src/providers/contract.ts', 'src/providers/plugin.ts', 'src/providers/registry.ts']);

/** A provider is a plug-in: nothing outside providers/ names one (docs/architecture.md, "Adding a provider"). */
export function checkProviderBoundary(edges: readonly ImportEdge[]): string[] {
  return edges
    .filter((e) => folderOf(e.to) === 'providers' && folderOf(e.from) !== 'providers' && !PROVIDER_FACES.has(e.to))
    .map((e) => `${e.from} imports ${e.to}: outside providers/, use the contract or the registry`);
}

/** Build-time generators: they render files into the chart and never run in the controller or CLI. */
export const BUILD_TIME_FOLDERS: ReadonlySet<string> = new Set(['admission-manifests']);

export function checkBuildTimeFolders(edges: readonly ImportEdge[]): string[] {
  return edges
    .filter((e) => BUILD_TIME_FOLDERS.has(folderOf(e.to) ?? '') && folderOf(e.from) !== folderOf(e.to))
    .map((e) => `${e.from} imports ${e.to}: ${folderOf(e.to) ?? ''}/ is a build-time generator (left out of dist/)`);
}

/** Cycles between folders (type-only imports count: they tie the folders together all the same). */
export function checkFolderCycles(edges: readonly ImportEdge[]): string[] {
  const example = new Map<string, string>();
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    const [a, b] = [folderOf(edge.from), folderOf(edge.to)];
    if (a === undefined || b === undefined || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)?.add(b);
    if (!example.has(`${a}>${b}`)) example.set(`${a}>${b}`, `${edge.from} → ${edge.to}`);
  }
  return stronglyConnected(graph)
    .filter((component) => component.length > 1)
    .map((unsorted) => {
      const component = [...unsorted].sort();
      const members = new Set(component);
      const links = component.flatMap((a) => [...(graph.get(a) ?? [])].filter((b) => members.has(b)).map((b) => example.get(`${a}>${b}`) ?? `${a} → ${b}`));
      return `folders ${component.join(', ')} import each other: ${links.join('; ')}`;
    });
}

/** Tarjan's algorithm: the strongly connected components of a directed graph. */
function stronglyConnected(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return components;
}
