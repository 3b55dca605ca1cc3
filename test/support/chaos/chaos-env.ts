// A private control plane per resilience test (so it can be killed without hurting other suites),
// with the CRDs installed, an admin client, tenant helpers, controller children and the wait for
// convergence that ends every fault: poll the invariants until none is violated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import PQueue from 'p-queue';
import { KUBESPHERE_WORKSPACES, PROJECT_NETWORKS } from '../../../src/api/resources.js';
import { DEFAULT_SYSTEM_NAMESPACES } from '../../../src/model/index.js';
import { KubeClient, type KubeObject } from '../../../src/kube/kube-client.js';
import { CORE } from '../../../src/kube/resource.js';
import { writeKubeconfig } from '../../harness/cluster-access.js';
import { LocalControlPlane } from '../../harness/control-plane.js';
import { ALL_CRD_FILES } from '../crd-paths.js';
import { listClusterObjects } from './cluster-objects.js';
import { ControllerChild } from './controller-child.js';
import type { UpstreamCredentials } from './fault-proxy.js';
import { checkInvariants, type InvariantConfig, type InvariantReport } from './invariants.js';

export const CONTROLLER_NAMESPACE = 'tenant-network-system';
export const VPC_POOL = ['10.128.0.0/10'];
export const SYSTEM_NAMESPACES = [...DEFAULT_SYSTEM_NAMESPACES, CONTROLLER_NAMESPACE];

export interface Tenants {
  readonly workspaces: readonly string[];
  readonly projects: readonly { readonly name: string; readonly workspace: string }[];
}

/** `count` workspaces of `perWorkspace` projects each, named `<prefix>-w<i>` and `<prefix>-w<i>-p<j>`. */
export function tenants(prefix: string, count: number, perWorkspace: number): Tenants {
  const workspaces = Array.from({ length: count }, (_, w) => `${prefix}-w${w}`);
  return { workspaces, projects: workspaces.flatMap((workspace) => Array.from({ length: perWorkspace }, (_, p) => ({ name: `${workspace}-p${p}`, workspace }))) };
}

export class ChaosEnv {
  readonly plane: LocalControlPlane;
  readonly admin: KubeClient;
  readonly dir: string;
  readonly invariantConfig: InvariantConfig;
  private readonly children = new Set<ControllerChild>();
  private started = 0;

  private constructor(plane: LocalControlPlane, admin: KubeClient, dir: string) {
    this.plane = plane;
    this.admin = admin;
    this.dir = dir;
    // Every pair of 60 spread projects plus the other namespaces: ~4,000 cells per check.
    this.invariantConfig = { vpcPool: VPC_POOL, systemNamespaces: SYSTEM_NAMESPACES, oracleNamespaceLimit: 60 };
  }

  static async start(label: string): Promise<ChaosEnv> {
    const plane = await LocalControlPlane.start();
    try {
      await plane.access.installCrds(ALL_CRD_FILES);
      const admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
      for (const ns of SYSTEM_NAMESPACES) await admin.create(CORE.namespaces, { metadata: { name: ns } }).catch(() => undefined);
      return new ChaosEnv(plane, admin, mkdtempSync(join(tmpdir(), `tnc-chaos-${label}-`)));
    } catch (err) {
      await plane.stop();
      throw err;
    }
  }

  /** The admin's client certificate, for a proxy that forwards on the controller's behalf. */
  upstreamCredentials(): UpstreamCredentials {
    const user = this.plane.access.adminKubeConfig().getCurrentUser();
    if (user?.certData === undefined || user.keyData === undefined) throw new Error('admin kubeconfig has no client certificate');
    return {
      serverUrl: this.plane.access.serverUrl,
      caPem: this.plane.access.state.serverCaPem,
      certPem: Buffer.from(user.certData, 'base64').toString(),
      keyPem: Buffer.from(user.keyData, 'base64').toString(),
    };
  }

  /** A kubeconfig file for the controller: the admin moved to `serverUrl`, or a CA-only one for a TLS-terminating proxy. */
  kubeconfigFor(fileName: string, serverUrl: string, proxyCaPem?: string): string {
    const path = join(this.dir, fileName);
    if (proxyCaPem === undefined) {
      writeKubeconfig(this.plane.access.adminKubeConfig(serverUrl), path);
      return path;
    }
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'proxy', server: serverUrl, caData: Buffer.from(proxyCaPem).toString('base64') }],
      users: [{ name: 'via-proxy' }],
      contexts: [{ name: 'proxy', cluster: 'proxy', user: 'via-proxy' }],
      currentContext: 'proxy',
    });
    writeKubeconfig(kc, path);
    return path;
  }

  startController(kubeconfigPath: string, options: { instance?: string; leaderElection?: boolean } = {}): ControllerChild {
    const instance = options.instance ?? `controller-${this.started}`;
    this.started++;
    const child = ControllerChild.start({
      kubeconfigPath,
      namespace: CONTROLLER_NAMESPACE,
      systemNamespaces: SYSTEM_NAMESPACES,
      vpcPool: VPC_POOL,
      instance,
      leaderElection: options.leaderElection ?? false,
      logPath: join(this.dir, `${instance}-${this.started}.log`),
    });
    this.children.add(child);
    void child.exited.then(() => this.children.delete(child));
    return child;
  }

  async createTenants(t: Tenants, concurrency = 16): Promise<void> {
    const queue = new PQueue({ concurrency });
    const create = (type: Parameters<KubeClient['create']>[0], object: KubeObject) => () => this.admin.create(type, object);
    await Promise.all(t.workspaces.map((name) => queue.add(create(KUBESPHERE_WORKSPACES, { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', metadata: { name }, spec: { manager: 'admin' } } as KubeObject))));
    await Promise.all(t.projects.map((p) => queue.add(create(CORE.namespaces, { metadata: { name: p.name, labels: { 'kubesphere.io/workspace': p.workspace } } }))));
  }

  /** Deletes a workspace and its project namespaces; the namespaces finish at once (no namespace controller runs). */
  async deleteWorkspace(t: Tenants, workspace: string, concurrency = 16): Promise<void> {
    const queue = new PQueue({ concurrency });
    await Promise.all(t.projects.filter((p) => p.workspace === workspace).map((p) => queue.add(async () => {
      await this.admin.delete(CORE.namespaces, p.name).catch(() => undefined);
      await this.admin.request('PUT', `/api/v1/namespaces/${p.name}/finalize`, { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: p.name }, spec: { finalizers: [] } } }).catch(() => undefined);
    })));
    await this.admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${workspace}`).catch(() => undefined);
  }

  /** How many of these projects have a Ready ProjectNetwork (0 when the apiserver does not answer). */
  async readyCount(projects: ReadonlySet<string>): Promise<number> {
    const list = await this.admin.list<KubeObject & { status?: { phase?: string } }>(PROJECT_NETWORKS).catch(() => undefined);
    return list?.items.filter((p) => projects.has(p.metadata?.name ?? '') && p.status?.phase === 'Ready').length ?? 0;
  }

  async checkNow(): Promise<InvariantReport> {
    return checkInvariants(await listClusterObjects(this.admin), this.invariantConfig);
  }

  /** Polls until the invariants hold; throws with the last violations when they do not in time. */
  async converge(timeoutMs: number): Promise<InvariantReport & { readonly ms: number }> {
    const started = performance.now();
    const deadline = Date.now() + timeoutMs;
    let last: InvariantReport | string = 'no answer from the apiserver';
    for (;;) {
      try {
        last = await this.checkNow();
        if (last.violations.length === 0) return { ...last, ms: performance.now() - started };
      } catch (err) {
        last = String(err);
      }
      if (Date.now() > deadline) {
        const detail = typeof last === 'string' ? last : `${last.violations.length} violations, e.g.\n  ${last.violations.slice(0, 15).join('\n  ')}`;
        const logs = [...this.children].map((c) => `--- ${c.instance} (last lines)\n${c.output().split('\n').slice(-15).join('\n')}`).join('\n');
        throw new Error(`not converged after ${timeoutMs} ms: ${detail}\n${logs}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async stop(): Promise<void> {
    for (const child of [...this.children]) await child.crash();
    await this.admin.close();
    await this.plane.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
