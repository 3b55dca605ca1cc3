import { describe, expect, it } from '@jest/globals';
import type { ProjectConnectionLike } from './connection.js';
import type { MetaObject } from './objects.js';
import { tenancyGraph, type ProjectNetworkLike, type TenancyLookups } from './tenancy-graph.js';
import type { WorkspaceNetworkLike } from './workspace.js';

const DELETING = { deletionTimestamp: '2030-01-01T00:00:00Z' };

interface World {
  namespaces?: Record<string, { workspace?: string; isolated?: boolean; deleting?: boolean }>;
  workspaces?: Record<string, { deleting?: boolean }>;
  workspaceNetworks?: Record<string, { intra?: 'Allow' | 'Deny'; deleting?: boolean }>;
  projectNetworks?: Record<string, { isolation?: 'Isolated' | 'Inherit'; uid?: string }>;
  connections?: { name: string; from: string; to: string; deleting?: boolean }[];
}

/** Lookups over plain records, the way either adapter (caches or a snapshot) answers. */
function lookups(world: World): TenancyLookups {
  const ns = (name: string): MetaObject | undefined => {
    const n = world.namespaces?.[name];
    if (n === undefined) return undefined;
    return {
      metadata: {
        name,
        labels: n.workspace === undefined ? {} : { 'kubesphere.io/workspace': n.workspace },
        annotations: n.isolated === true ? { 'kubesphere.io/network-isolate': 'enabled' } : {},
        ...(n.deleting === true ? DELETING : {}),
      },
    };
  };
  return {
    namespace: ns,
    workspace: (name) => {
      const w = world.workspaces?.[name];
      return w === undefined ? undefined : { metadata: { name, ...(w.deleting === true ? DELETING : {}) } };
    },
    workspaceNetwork: (name): WorkspaceNetworkLike | undefined => {
      const w = world.workspaceNetworks?.[name];
      return w === undefined ? undefined : { metadata: { name, ...(w.deleting === true ? DELETING : {}) }, spec: { workspace: name, ...(w.intra === undefined ? {} : { intraWorkspace: w.intra }) } };
    },
    projectNetwork: (name): ProjectNetworkLike | undefined => {
      const p = world.projectNetworks?.[name];
      const workspace = world.namespaces?.[name]?.workspace ?? '';
      return p === undefined ? undefined : { metadata: { name, uid: p.uid ?? `uid-${name}` }, spec: { workspace, ...(p.isolation === undefined ? {} : { isolation: p.isolation }) } };
    },
    namespacesOf: (workspace) => Object.entries(world.namespaces ?? {}).filter(([, n]) => n.workspace === workspace).map(([name]) => name),
    connectionsOf: (project): ProjectConnectionLike[] =>
      (world.connections ?? [])
        .filter((c) => c.from === project || c.to === project)
        .map((c) => ({ metadata: { name: c.name, ...(c.deleting === true ? DELETING : {}) }, spec: { from: { project: c.from }, to: { project: c.to } } })),
  };
}

const graphOf = (world: World) => tenancyGraph(lookups(world), ['kube-system']);

describe('tenancyGraph', () => {
  it.each([
    ['a labelled namespace of a live workspace', { namespaces: { a: { workspace: 'w' } }, workspaces: { w: {} } }, { kind: 'project', workspace: 'w', isolatedByAnnotation: false }],
    ['a workspace being deleted', { namespaces: { a: { workspace: 'w' } }, workspaces: { w: { deleting: true } } }, { kind: 'none', reason: 'WorkspaceGone' }],
    ['a WorkspaceNetwork being deleted', { namespaces: { a: { workspace: 'w' } }, workspaces: { w: {} }, workspaceNetworks: { w: { deleting: true } } }, { kind: 'none', reason: 'WorkspaceGone' }],
    ['a workspace that does not exist', { namespaces: { a: { workspace: 'w' } } }, { kind: 'none', reason: 'WorkspaceGone' }],
    ['a namespace being deleted', { namespaces: { a: { workspace: 'w', deleting: true } }, workspaces: { w: {} } }, { kind: 'none', reason: 'NamespaceGone' }],
  ] as [string, World, unknown][])('membership: %s', (_name, world, expected) => {
    expect(graphOf(world).membership('a')).toEqual(expected);
  });

  it('isolates a project by its namespace annotation or its ProjectNetwork, and takes the ProjectNetwork UID', () => {
    const graph = graphOf({
      namespaces: { a: { workspace: 'w', isolated: true }, b: { workspace: 'w' }, c: { workspace: 'w' } },
      workspaces: { w: {} },
      projectNetworks: { b: { isolation: 'Isolated', uid: 'ub' }, c: { isolation: 'Inherit' } },
    });
    expect(['a', 'b', 'c'].map((n) => graph.project(n))).toEqual([
      { name: 'a', workspace: 'w', isolated: true, uid: '' },
      { name: 'b', workspace: 'w', isolated: true, uid: 'ub' },
      { name: 'c', workspace: 'w', isolated: false, uid: 'uid-c' },
    ]);
  });

  it('gives a live workspace the default intra-workspace rule until its WorkspaceNetwork says otherwise', () => {
    const graph = graphOf({ workspaces: { w: {}, v: {}, gone: { deleting: true } }, workspaceNetworks: { v: { intra: 'Deny' } } });
    expect([graph.workspace('w'), graph.workspace('v'), graph.workspace('gone')]).toEqual([{ name: 'w', intraWorkspace: 'Allow' }, { name: 'v', intraWorkspace: 'Deny' }, undefined]);
  });

  it('leaves out connections being deleted and connections from a project to itself', () => {
    const graph = graphOf({ connections: [{ name: 'ab', from: 'a', to: 'b' }, { name: 'gone', from: 'a', to: 'b', deleting: true }, { name: 'aa', from: 'a', to: 'a' }] });
    expect(graph.connectionsOf('a')).toEqual([{ name: 'ab', from: 'a', to: 'b', bidirectional: true }]);
  });
});
