// Creating the scenario's workspaces and namespaces quickly, with bounded concurrency.
import PQueue from 'p-queue';
import { KUBESPHERE_WORKSPACES } from '../../src/api/resources.js';
import type { KubeClient, KubeObject } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';

export interface Shape {
  readonly prefix: string;
  readonly workspaces: number;
  readonly projectsPerWorkspace: number;
}

export function workspaceName(shape: Shape, w: number): string {
  return `${shape.prefix}-ws${w}`;
}

export function projectName(shape: Shape, w: number, p: number): string {
  return `${shape.prefix}-ws${w}-p${p}`;
}

export async function runBounded(concurrency: number, tasks: readonly (() => Promise<unknown>)[]): Promise<void> {
  const queue = new PQueue({ concurrency });
  await Promise.all(tasks.map((t) => queue.add(t)));
}

export async function createTenants(admin: KubeClient, shape: Shape, options: { workspaces: boolean; concurrency?: number }): Promise<void> {
  const tasks: (() => Promise<unknown>)[] = [];
  for (let w = 0; w < shape.workspaces; w++) {
    const ws = workspaceName(shape, w);
    if (options.workspaces) tasks.push(() => admin.create(KUBESPHERE_WORKSPACES, { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', metadata: { name: ws }, spec: { manager: 'admin' } } as KubeObject));
    for (let p = 0; p < shape.projectsPerWorkspace; p++) {
      tasks.push(() => admin.create(CORE.namespaces, { metadata: { name: projectName(shape, w, p), labels: { 'kubesphere.io/workspace': ws } } }));
    }
  }
  await runBounded(options.concurrency ?? 32, tasks);
}
