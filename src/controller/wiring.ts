// The three controllers and what re-queues what: every input that changes an answer re-queues the
// keys whose answer it changes — and only those, so fan-out stays proportional to the change.
import { KS_ANNOTATION_NETWORK_ISOLATE, KS_LABEL_WORKSPACE } from '../api/constants.js';
import { Controller } from '../kube/controller.js';
import type { InformerEvent } from '../kube/informer.js';
import type { KubeObject } from '../kube/kube-client.js';
import type { RuntimeMetrics } from '../kube/metrics-handle.js';
import { isolates } from '../model/index.js';
import type { Logger } from '../util/logger.js';
import { INDEX_BY_PROJECT, INDEX_BY_WORKSPACE, type Caches } from './caches.js';
import { createConnectionReconciler } from './connection/reconciler.js';
import type { ControllerContext } from './context.js';
import { createProjectReconciler } from './project/reconciler.js';
import { createWorkspaceReconciler } from './workspace/reconciler.js';

/** How long project additions and removals are gathered before a workspace's count is rewritten. */
const PROJECT_COUNT_BATCH_MS = 2000;

export interface Controllers {
  readonly workspaces: Controller;
  readonly projects: Controller;
  readonly connections: Controller;
}

export interface ConcurrencyConfig {
  readonly workspaces: number;
  readonly projects: number;
  readonly connections: number;
}

/**
 * A status-only update of one of our own objects (same generation, same metadata that matters)
 * changes no decision: skipping it saves a no-op reconcile per status write.
 */
export function onlyStatusChanged(e: InformerEvent<KubeObject>): boolean {
  if (e.type !== 'update' || e.old === undefined) return false;
  const [a, b] = [e.old.metadata, e.object.metadata];
  return a?.generation === b?.generation
    && a?.deletionTimestamp === b?.deletionTimestamp
    && JSON.stringify(a?.finalizers) === JSON.stringify(b?.finalizers)
    && JSON.stringify(a?.ownerReferences) === JSON.stringify(b?.ownerReferences)
    && JSON.stringify(a?.labels) === JSON.stringify(b?.labels);
}

function nameOf(object: KubeObject | undefined): string {
  return object?.metadata?.name ?? '';
}

function isolationKey(object: KubeObject | undefined): string {
  const m = object?.metadata;
  const spec = (object as { spec?: { isolation?: string } } | undefined)?.spec;
  return `${m?.labels?.[KS_LABEL_WORKSPACE] ?? ''}|${m?.annotations?.[KS_ANNOTATION_NETWORK_ISOLATE] ?? ''}|${spec?.isolation ?? ''}|${m?.deletionTimestamp === undefined ? '' : 'deleting'}`;
}

/** `caches` are the informers behind `ctx.caches`: their events re-queue keys. */
export function createControllers(ctx: ControllerContext, caches: Caches, log: Logger, metrics: RuntimeMetrics | undefined, concurrency: ConcurrencyConfig): Controllers {
  const common = { log, ...(metrics === undefined ? {} : { metrics }) };
  const workspaces = new Controller({ ...common, name: 'workspace', concurrency: concurrency.workspaces, reconcile: createWorkspaceReconciler(ctx) });
  const projects = new Controller({ ...common, name: 'project', concurrency: concurrency.projects, reconcile: createProjectReconciler(ctx) });
  const connections = new Controller({ ...common, name: 'connection', concurrency: concurrency.connections, reconcile: createConnectionReconciler(ctx) });

  const membersOf = (workspace: string): string[] => caches.namespaces.byIndex(INDEX_BY_WORKSPACE, workspace);
  const connectionsOf = (project: string): string[] => caches.connections.byIndex(INDEX_BY_PROJECT, project);

  // Workspaces: the workspace itself, its network, and project networks coming and going (count, finalizer).
  workspaces.watch(caches.workspaces);
  workspaces.watch(caches.workspaceNetworks, (e) => (onlyStatusChanged(e) ? [] : [nameOf(e.object)]));
  // Project networks coming and going change the workspace's project count (batched: a burst of new
  // projects is one status write) and unblock a workspace waiting to be finalized.
  workspaces.watch(caches.projectNetworks, (e) => (e.type === 'update' && e.object.metadata.deletionTimestamp === undefined ? [] : [e.object.spec.workspace]), { delayMs: PROJECT_COUNT_BATCH_MS });

  // Projects: their namespace and network; peers of the workspace when a change moves the
  // isolated-members list; every member when the workspace network or workspace changes.
  const projectAndPeers = (e: InformerEvent<KubeObject>): string[] => {
    const keys = [nameOf(e.object)];
    // Peers render the workspace's isolated members by name, so they change only when an isolated
    // member comes or goes, or a member's isolation or workspace changes — not for every new project.
    const peersAffected = e.type === 'update' ? isolationKey(e.old) !== isolationKey(e.object) : isolates(e.object);
    if (peersAffected) {
      for (const obj of [e.old, e.object]) {
        const ws = obj?.metadata?.labels?.[KS_LABEL_WORKSPACE] ?? (obj as { spec?: { workspace?: string } } | undefined)?.spec?.workspace;
        if (ws !== undefined) keys.push(...membersOf(ws));
      }
    }
    // The far ends of this project's connections name it only while it is a project.
    if (e.type !== 'update' || isolationKey(e.old) !== isolationKey(e.object)) {
      keys.push(...connectionsOf(nameOf(e.object)).flatMap((key) => {
        const c = caches.connections.get(key);
        return c === undefined ? [] : [c.spec.from.project, c.spec.to.project];
      }));
    }
    return keys;
  };
  projects.watch(caches.namespaces, projectAndPeers);
  projects.watch(caches.projectNetworks, (e) => (onlyStatusChanged(e) ? [] : projectAndPeers(e as InformerEvent<KubeObject>)));
  projects.watch(caches.workspaceNetworks, (e) => {
    const relevant = e.type !== 'update' || e.old?.metadata.generation !== e.object.metadata.generation
      || e.old?.status?.phase !== e.object.status?.phase || e.old?.status?.vpcId !== e.object.status?.vpcId || e.object.metadata.deletionTimestamp !== undefined;
    return relevant ? membersOf(nameOf(e.object)) : [];
  });
  projects.watch(caches.workspaces, (e) => membersOf(nameOf(e.object)));
  projects.watch(caches.connections, (e) => [e.object, e.old].flatMap((c) => (c === undefined ? [] : [c.spec.from.project, c.spec.to.project])));
  projects.watch(caches.policies, (e) => [e.object.metadata?.namespace ?? '']);

  // Connections: themselves, and whenever one of their ends changes membership.
  connections.watch(caches.connections, (e) => (onlyStatusChanged(e) ? [] : [nameOf(e.object)]));
  const connectionsOfEvent = (e: InformerEvent<KubeObject>): string[] => (e.type !== 'update' || isolationKey(e.old) !== isolationKey(e.object) ? connectionsOf(nameOf(e.object)) : []);
  connections.watch(caches.namespaces, connectionsOfEvent);
  connections.watch(caches.projectNetworks, (e) => connectionsOfEvent(e as InformerEvent<KubeObject>));
  connections.watch(caches.workspaces, (e) => membersOf(nameOf(e.object)).flatMap(connectionsOf));

  return { workspaces, projects, connections };
}
