// The layering of docs/architecture.md, enforced: pure folders stay pure, nothing depends on cmd/,
// and no two folders import each other. Each rule is also shown to fail on a graph that breaks it.
import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { checkBuildTimeFolders, checkFolderCycles, checkNothingImportsCmd, checkProviderBoundary, checkPureFolders, readImportGraph, type ImportEdge } from './import-graph.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const edges = readImportGraph(root);
const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

describe('the import graph of src/', () => {
  it('is read from the sources', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual(edge('src/cmd/main.ts', 'src/controller/app.ts'));
  });

  it('keeps api/, ipam/, policy/ and model/ free of I/O', () => {
    expect(checkPureFolders(edges)).toEqual([]);
  });

  it('has nothing importing cmd/', () => {
    expect(checkNothingImportsCmd(edges)).toEqual([]);
  });

  it('has no folder-level import cycle', () => {
    expect(checkFolderCycles(edges)).toEqual([]);
  });

  it('reaches providers only through their contract and the registry', () => {
    expect(checkProviderBoundary(edges)).toEqual([]);
  });

  it('runs no build-time generator at run time', () => {
    expect(checkBuildTimeFolders(edges)).toEqual([]);
  });
});

describe('the rules', () => {
  it.each([
    ['a pure folder importing kube/', edge('src/policy/x.ts', 'src/kube/kube-client.ts', true), 1],
    ['a pure folder importing a Node builtin', edge('src/ipam/x.ts', 'node:fs'), 1],
    ['a pure folder importing client-node at run time', edge('src/api/x.ts', '@kubernetes/client-node'), 1],
    ['a pure folder using client-node types', edge('src/api/x.ts', '@kubernetes/client-node', true), 0],
    ['a pure folder importing another pure folder', edge('src/model/x.ts', 'src/policy/index.ts'), 0],
    ['an I/O folder importing a pure one', edge('src/controller/x.ts', 'src/model/index.ts'), 0],
  ])('pure folders: %s', (_name, e, count) => {
    expect(checkPureFolders([e])).toHaveLength(count);
  });

  it('cmd/: flags an import from outside, allows its own', () => {
    expect(checkNothingImportsCmd([edge('src/cli/x.ts', 'src/cmd/config.ts'), edge('src/cmd/main.ts', 'src/cmd/config.ts')])).toEqual(['src/cli/x.ts imports src/cmd/config.ts: nothing may import cmd/']);
  });

  it('providers: flags a concrete provider imported from outside, allows the registry and the provider itself', () => {
    expect(checkProviderBoundary([edge('src/cmd/x.ts', 'src/providers/calico/index.ts'), edge('src/cmd/x.ts', 'src/providers/registry.ts'), edge('src/providers/registry.ts', 'src/providers/calico/index.ts')])).toEqual(['src/cmd/x.ts imports src/providers/calico/index.ts: outside providers/, use the contract or the registry']);
  });

  it('build-time folders: flags a runtime import, allows their own', () => {
    expect(checkBuildTimeFolders([edge('src/webhook/x.ts', 'src/admission-manifests/params.ts'), edge('src/admission-manifests/a.ts', 'src/admission-manifests/b.ts')])).toHaveLength(1);
  });

  it('cycles: finds a loop through three folders, and none in a chain', () => {
    const loop = [edge('src/a/x.ts', 'src/b/y.ts'), edge('src/b/y.ts', 'src/c/z.ts'), edge('src/c/z.ts', 'src/a/w.ts', true)];
    expect(checkFolderCycles(loop)).toEqual(['folders a, b, c import each other: src/a/x.ts → src/b/y.ts; src/b/y.ts → src/c/z.ts; src/c/z.ts → src/a/w.ts']);
    expect(checkFolderCycles(loop.slice(0, 2))).toEqual([]);
  });
});
