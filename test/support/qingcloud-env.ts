// The controller with the QingCloud provider talking to the QingCloud API simulator, built through
// the same factory as `main` (config → Secret → client → provider), with hostnic's VxNetPool, its
// IPAM ConfigMap and a stand-in for its controller (test/hostnic-sim/), on a local apiserver of its own:
// the controller acts on every workspace in its cluster, so sharing the run's apiserver with other
// test files would let it (and theirs) reconcile each other's tenants. Plus the 3 × 4 tenant scenario
// and its checks, and `main` as a child process, shared by the QingCloud tests.
import { expect } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { HOSTNIC_VXNETPOOLS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../src/api/resources.js';
import { isAlreadyExists, isConflict } from '../../src/kube/api-error.js';
import type { WorkspaceNetwork } from '../../src/api/workspace-network.js';
import { parseConfig } from '../../src/cmd/config.js';
import { createProvider } from '../../src/cmd/provider-factory.js';
import type { OrphanSweepOptions } from '../../src/controller/orphans/sweeper.js';
import { createApp, type App } from '../../src/controller/app.js';
import { KubeClient, type KubeObject, type RequestInfo } from '../../src/kube/kube-client.js';
import { CORE } from '../../src/kube/resource.js';
import type { NetworkProvider } from '../../src/providers/contract.js';
import type { QingCloudConfig } from '../../src/providers/qingcloud/index.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import type { ClusterAccess } from '../harness/cluster-access.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import { startHostnicSimulator, type HostnicSimulator } from '../hostnic-sim/controller.js';
import { startQingCloudSimulator, type QingCloudSimulator, type SimulatorOptions } from '../qingcloud-sim/server.js';
import { createNamespace, createWorkspace, deleteNamespace, SYSTEM_NAMESPACES } from './core-env.js';
import { CRD_FILES } from './crd-paths.js';
import { eventually } from './eventually.js';

type Wsn = WorkspaceNetwork & KubeObject;
type Pjn = ProjectNetwork & KubeObject;

/** Job and lease times short enough for tests but long enough that joins overlap and serialise. */
export const TEST_SIM_TIMINGS: SimulatorOptions['timings'] = {
  jobPendingMs: 30,
  jobWorkingMs: { CreateRouters: 300, DeleteRouters: 200, JoinRouter: 150, LeaveRouter: 150 },
  leaseWindowMs: 300,
  ceaseAfterMs: 2_000,
  forgetAfterMs: 600_000,
};

/** What the tests change in the `qingcloud` config section (endpoint and zone come from the simulator). */
export const TEST_QINGCLOUD_CONFIG: Partial<QingCloudConfig> = { callsPerHour: 1_000_000, callBurst: 1000, jobPollIntervalMs: 100 };

export interface QingCloudControllerOptions {
  readonly qingcloud?: Partial<QingCloudConfig>;
  readonly orphans?: OrphanSweepOptions;
}

export interface QingCloudController {
  readonly app: App;
  /** Every Kubernetes API request the controller made, for write counting. */
  readonly requests: RequestInfo[];
  readonly provider: NetworkProvider;
  readonly registry: Registry;
  stop(): Promise<void>;
}

export interface QingCloudEnv {
  /** The env's own apiserver. */
  readonly access: ClusterAccess;
  readonly kubeconfigPath: string;
  readonly admin: KubeClient;
  readonly sim: QingCloudSimulator;
  /** hostnic's controller, filling the VxNetPool's status.pools from the simulator's vxnets. */
  readonly hostnic: HostnicSimulator;
  /** Namespace holding the credentials Secret (a non-project namespace). */
  readonly secretNamespace: string;
  /** The running controller; replaced by `restart`. */
  controller: QingCloudController | undefined;
  startController(options?: QingCloudControllerOptions): Promise<QingCloudController>;
  stopController(): Promise<void>;
  stop(): Promise<void>;
}

export const CREDENTIALS_SECRET = 'qingcloud-credentials';

/** The controller config main would parse from a config file naming the simulator. */
export function qingcloudControllerConfig(sim: QingCloudSimulator, secretNamespace: string, qingcloud: Partial<QingCloudConfig> = {}): ReturnType<typeof parseConfig> {
  return parseConfig(
    {
      provider: 'qingcloud',
      namespace: secretNamespace,
      leaderElection: false,
      qingcloud: { endpoint: sim.endpoint, zone: sim.zone, ...TEST_QINGCLOUD_CONFIG, ...qingcloud },
    },
    {},
    [],
  );
}

export interface QingCloudEnvOptions {
  /**
   * An apiserver to use instead of starting one (each takes ~20 s on a busy machine). The caller
   * owns it, and must run only one env's controller on it at a time, with the tenants of the
   * one before removed.
   */
  readonly plane?: LocalControlPlane;
}

/**
 * Starts an apiserver (unless given one) and a simulator, writes the simulator's credentials into a
 * Secret in a fresh namespace, and returns an env whose controller is started with `startController`.
 */
export async function startQingCloudEnv(id: string, simOptions: SimulatorOptions = {}, options: QingCloudEnvOptions = {}): Promise<QingCloudEnv> {
  const plane = options.plane ?? (await LocalControlPlane.start());
  const ownsPlane = options.plane === undefined;
  const cluster = plane.access;
  await cluster.installCrds([CRD_FILES.workspaceNetworks, CRD_FILES.projectNetworks, CRD_FILES.projectConnections, CRD_FILES.kubesphereWorkspaces, CRD_FILES.hostnicVxNetPools]);
  const admin = await KubeClient.fromKubeConfig(cluster.adminKubeConfig());
  const sim = await startQingCloudSimulator({ seed: 7, ...simOptions, timings: { ...TEST_SIM_TIMINGS, ...simOptions.timings } });
  await installHostnic(admin);
  const hostnic = startHostnicSimulator({ client: admin, vxnetCidr: (id) => sim.world.vxnets.get(id)?.join?.ip_network });
  const secretNamespace = `${id}-system`;
  await createNamespace(admin, secretNamespace);
  await admin.create(CORE.secrets, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: CREDENTIALS_SECRET, namespace: secretNamespace },
    stringData: { qy_access_key_id: sim.accessKeyId, qy_secret_access_key: sim.secretAccessKey },
  } as KubeObject);

  const env: QingCloudEnv = {
    access: cluster,
    kubeconfigPath: plane.kubeconfigPath,
    admin,
    sim,
    hostnic,
    secretNamespace,
    controller: undefined,
    startController: async (options = {}) => {
      const parsed = qingcloudControllerConfig(sim, secretNamespace, options.qingcloud);
      if (!parsed.ok) throw new Error(`bad test config: ${parsed.errors.join('; ')}`);
      const registry = new Registry();
      const requests: RequestInfo[] = [];
      const client = await KubeClient.fromKubeConfig(cluster.adminKubeConfig(), { onRequest: (r) => requests.push(r) });
      // QC_TEST_LOG=debug shows the controller's log while debugging a test.
      const level = process.env.QC_TEST_LOG;
      const log = level === 'debug' || level === 'info' ? createLogger({ level }) : silentLogger();
      // An empty environment: the credentials must come from the Secret, as in a real install.
      const provider = await createProvider(parsed.config, client, log, registry, {});
      const app = createApp({
        client,
        provider,
        network: { provider: 'qingcloud', systemNamespaces: [...SYSTEM_NAMESPACES, secretNamespace], allowedIngressCIDRs: [], allowedIngressNamespaces: [], egressIsolation: true, podSecurity: '', deniedEgressCIDRs: [], extraPodCidrs: [] },
        vpcPool: { ranges: parsed.config.vpcPool, vpcPrefixLength: parsed.config.vpcPrefixLength },
        log,
        registry,
        instance: `${id}-controller`,
        probePort: 0,
        probeHost: '127.0.0.1',
        ...(options.orphans === undefined ? {} : { orphans: options.orphans }),
      });
      await app.manager.start();
      const controller: QingCloudController = {
        app,
        requests,
        provider,
        registry,
        stop: async () => {
          await app.stop();
          provider.close?.();
          await client.close();
        },
      };
      env.controller = controller;
      return controller;
    },
    stopController: async () => {
      const running = env.controller;
      env.controller = undefined;
      await running?.stop();
    },
    stop: async () => {
      await env.stopController();
      await deleteNamespace(admin, secretNamespace).catch(() => undefined);
      await hostnic.stop();
      await sim.stop();
      await admin.close();
      if (ownsPlane) await plane.stop();
    },
  };
  return env;
}

// ---- hostnic ------------------------------------------------------------------------------------

/** The admin's default vxnet, which the controller must never drop from the pool or the mapping. */
export const HOSTNIC_DEFAULT_VXNET = 'vxnet-admindefault';
export const HOSTNIC_CONFIGMAP = { namespace: 'kube-system', name: 'hostnic-ipam-config' } as const;

/** hostnic as installed: a VxNetPool with the admin's default vxnet, and its IPAM ConfigMap (auto-assign on). */
async function installHostnic(admin: KubeClient): Promise<void> {
  await admin.create(HOSTNIC_VXNETPOOLS, { apiVersion: 'network.qingcloud.com/v1alpha1', kind: 'VxNetPool', metadata: { name: 'v-pool' }, spec: { blockSize: 26, vxnets: [{ name: HOSTNIC_DEFAULT_VXNET }] } } as KubeObject).catch(ignoreExists);
  await admin.create(CORE.configMaps, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: HOSTNIC_CONFIGMAP,
    data: { ipam: JSON.stringify({ Default: [HOSTNIC_DEFAULT_VXNET] }), 'subnet-auto-assign': 'on' },
  } as KubeObject).catch(ignoreExists);
}

function ignoreExists(err: unknown): void {
  if (!isAlreadyExists(err)) throw err;
}

export interface HostnicView {
  readonly vxnets: readonly string[];
  readonly blocks: ReadonlyMap<string, readonly string[]>;
  readonly mapping: Readonly<Record<string, readonly string[]>>;
  readonly autoAssign: string | undefined;
}

export async function hostnicView(admin: KubeClient): Promise<HostnicView> {
  const pool = await admin.get<KubeObject & { spec?: { vxnets?: { name: string }[] }; status?: { pools?: { name: string; subnets?: string[] }[] } }>(HOSTNIC_VXNETPOOLS, 'v-pool');
  const configMap = await admin.get<KubeObject & { data?: Record<string, string> }>(CORE.configMaps, HOSTNIC_CONFIGMAP.name, HOSTNIC_CONFIGMAP.namespace);
  return {
    vxnets: (pool.spec?.vxnets ?? []).map((v) => v.name),
    blocks: new Map((pool.status?.pools ?? []).map((p) => [p.name, p.subnets ?? []])),
    mapping: JSON.parse(configMap.data?.ipam ?? '{}') as Record<string, string[]>,
    autoAssign: configMap.data?.['subnet-auto-assign'],
  };
}

/**
 * hostnic serves each project from its own vxnet only: the pool lists the admin's default vxnet and
 * exactly the projects' vxnets, and each project namespace is mapped to exactly its vxnet's blocks,
 * with the admin's Default entry kept and auto-assign off.
 */
export async function expectHostnicMatches(admin: KubeClient, provisioned: Provisioned, others: AdminEntries = { vxnets: [], namespaces: [] }): Promise<void> {
  const view = await hostnicView(admin);
  const vxnets = [...provisioned.projects.values()].map((p) => p.status?.subnetId ?? '');
  expect([...view.vxnets].sort()).toEqual([HOSTNIC_DEFAULT_VXNET, ...others.vxnets, ...vxnets].sort());
  expect(view.autoAssign).toBe('off');
  expect(view.mapping.Default).toEqual([HOSTNIC_DEFAULT_VXNET]);
  expect(Object.keys(view.mapping).sort()).toEqual(['Default', ...others.namespaces, ...provisioned.projects.keys()].sort());
  for (const [project, pjn] of provisioned.projects) {
    const blocks = view.blocks.get(pjn.status?.subnetId ?? '') ?? [];
    expect({ project, blocks: blocks.length > 0 }).toEqual({ project, blocks: true });
    expect({ project, mapped: [...(view.mapping[project] ?? [])].sort() }).toEqual({ project, mapped: [...blocks].sort() });
  }
}

export interface AdminEntries {
  readonly vxnets: readonly string[];
  readonly namespaces: readonly string[];
}

/**
 * An admin editing hostnic's two objects while the controller does: every `intervalMs` it adds an
 * entry of its own to each (read-modify-write with the resourceVersion, as any careful writer
 * would). `stop` returns what it added, all of which must still be there: a writer that lost
 * another's change would show here.
 */
export function startConcurrentHostnicAdmin(admin: KubeClient, intervalMs = 40): { stop(): Promise<AdminEntries> } {
  const added: { vxnets: string[]; namespaces: string[] } = { vxnets: [], namespaces: [] };
  const state = { stopped: false, n: 0 };
  const retryOnConflict = async (write: () => Promise<unknown>): Promise<void> => {
    for (;;) {
      try {
        await write();
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
  };
  const round = async (): Promise<void> => {
    const n = state.n++;
    const vxnet = `vxnet-admin${String(n)}`;
    await retryOnConflict(async () => {
      const pool = await admin.get<KubeObject & { spec?: { vxnets?: { name: string }[] } }>(HOSTNIC_VXNETPOOLS, 'v-pool');
      await admin.mergePatch(HOSTNIC_VXNETPOOLS, 'v-pool', { metadata: { resourceVersion: pool.metadata?.resourceVersion }, spec: { vxnets: [...(pool.spec?.vxnets ?? []), { name: vxnet }] } });
    });
    added.vxnets.push(vxnet);
    const namespace = `admin-ns-${String(n)}`;
    await retryOnConflict(async () => {
      const cm = await admin.get<KubeObject & { data?: Record<string, string> }>(CORE.configMaps, HOSTNIC_CONFIGMAP.name, HOSTNIC_CONFIGMAP.namespace);
      const mapping = JSON.parse(cm.data?.ipam ?? '{}') as Record<string, string[]>;
      await admin.mergePatch(CORE.configMaps, HOSTNIC_CONFIGMAP.name, { metadata: { resourceVersion: cm.metadata?.resourceVersion }, data: { ipam: JSON.stringify({ ...mapping, [namespace]: [HOSTNIC_DEFAULT_VXNET] }) } }, { namespace: HOSTNIC_CONFIGMAP.namespace });
    });
    added.namespaces.push(namespace);
  };
  const loop = (async () => {
    while (!state.stopped) {
      await round();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      state.stopped = true;
      await loop;
      return added;
    },
  };
}

// ---- the tenant scenario --------------------------------------------------------------------

export interface Tenants {
  readonly workspaces: readonly string[];
  /** Project names per workspace. */
  readonly projects: ReadonlyMap<string, readonly string[]>;
  readonly allProjects: readonly string[];
}

export function tenants(prefix: string, workspaceCount: number, projectsPerWorkspace: number): Tenants {
  const workspaces = Array.from({ length: workspaceCount }, (_, w) => `${prefix}-w${w + 1}`);
  const projects = new Map(workspaces.map((ws) => [ws, Array.from({ length: projectsPerWorkspace }, (_, p) => `${ws}-p${p + 1}`)]));
  return { workspaces, projects, allProjects: [...projects.values()].flat() };
}

export async function createTenants(admin: KubeClient, t: Tenants): Promise<void> {
  await Promise.all(t.workspaces.map((ws) => createWorkspace(admin, ws)));
  await Promise.all([...t.projects].flatMap(([ws, projects]) => projects.map((p) => createNamespace(admin, p, ws))));
}

export interface Provisioned {
  readonly workspaces: ReadonlyMap<string, Wsn>;
  readonly projects: ReadonlyMap<string, Pjn>;
}

/** '' when Ready=True, else the condition's reason and message (so a failed wait says why). */
function whyNotReady(object: Wsn | Pjn): string {
  const ready = object.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' ? '' : `${ready?.reason ?? 'NoCondition'}: ${ready?.message ?? ''}`;
}

/** Waits until every WorkspaceNetwork and ProjectNetwork of `t` is Ready and returns them. */
export async function waitAllReady(admin: KubeClient, t: Tenants, timeoutMs: number): Promise<Provisioned> {
  return eventually(async () => {
    const workspaces = new Map<string, Wsn>();
    for (const ws of t.workspaces) {
      const wsn = await admin.get<Wsn>(WORKSPACE_NETWORKS, ws);
      expect({ ws, phase: wsn.status?.phase, why: whyNotReady(wsn) }).toEqual({ ws, phase: 'Ready', why: '' });
      workspaces.set(ws, wsn);
    }
    const projects = new Map<string, Pjn>();
    for (const p of t.allProjects) {
      const pjn = await admin.get<Pjn>(PROJECT_NETWORKS, p);
      expect({ p, phase: pjn.status?.phase, why: whyNotReady(pjn) }).toEqual({ p, phase: 'Ready', why: '' });
      projects.set(p, pjn);
    }
    return { workspaces, projects };
  }, timeoutMs, 200);
}

/**
 * The simulator holds exactly one live router per workspace (id = status.vpcId, vpc_network =
 * status.cidr) and one vxnet per project, joined to its workspace's router with ip_network =
 * status.cidr (id = status.subnetId), and nothing else with our names.
 */
export function expectSimulatorMatches(sim: QingCloudSimulator, t: Tenants, provisioned: Provisioned): void {
  const state = sim.state();
  const liveRouters = state.routers.filter((r) => r.status !== 'deleted' && r.status !== 'ceased');
  expect(liveRouters).toHaveLength(t.workspaces.length);
  expect(state.vxnets).toHaveLength(t.allProjects.length);
  const tagIds = state.tags.map((tag) => tag.id);
  for (const [ws, wsn] of provisioned.workspaces) {
    const router = liveRouters.find((r) => r.id === wsn.status?.vpcId);
    expect({ ws, router: router?.id, vpcNetwork: router?.vpcNetwork, status: router?.status }).toEqual({ ws, router: wsn.status?.vpcId, vpcNetwork: wsn.status?.cidr, status: 'active' });
    expect(router?.name.startsWith(`ks-ws.${ws}.`)).toBe(true);
    expect(router?.tagIds.some((tag) => tagIds.includes(tag))).toBe(true);
  }
  for (const [p, pjn] of provisioned.projects) {
    const vxnet = state.vxnets.find((v) => v.id === pjn.status?.subnetId);
    const wsn = provisioned.workspaces.get(pjn.spec.workspace);
    expect({ p, vxnet: vxnet?.id, router: vxnet?.routerId, ipNetwork: vxnet?.ipNetwork }).toEqual({ p, vxnet: pjn.status?.subnetId, router: wsn?.status?.vpcId, ipNetwork: pjn.status?.cidr });
    expect(pjn.status?.vpcId).toBe(wsn?.status?.vpcId);
    expect(vxnet?.name.startsWith(`ks-ns.${pjn.spec.workspace}.${p}.`)).toBe(true);
    expect(vxnet?.tagIds.length).toBe(1);
  }
  // Subnets of one router never overlap (the simulator refuses that too; this checks what we asked for).
  for (const ws of t.workspaces) {
    const cidrs = (t.projects.get(ws) ?? []).map((p) => provisioned.projects.get(p)?.status?.cidr);
    expect(new Set(cidrs).size).toBe(cidrs.length);
  }
}

/** Deletes the namespaces and workspaces of `t` and waits until their network objects are gone. */
export async function deleteTenants(admin: KubeClient, t: Tenants, timeoutMs: number): Promise<void> {
  await Promise.all(t.allProjects.map((p) => deleteNamespace(admin, p).catch(() => undefined)));
  await Promise.all(t.workspaces.map((ws) => admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${ws}`).catch(() => undefined)));
  await eventually(async () => {
    for (const p of t.allProjects) await expect(admin.get(PROJECT_NETWORKS, p)).rejects.toThrow();
    for (const ws of t.workspaces) await expect(admin.get(WORKSPACE_NETWORKS, ws)).rejects.toThrow();
  }, timeoutMs, 200);
}

/** No live router and no vxnet left in the simulator, and the provider owns nothing. */
export async function expectNothingLeft(sim: QingCloudSimulator, provider: NetworkProvider): Promise<void> {
  const state = sim.state();
  expect(state.routers.filter((r) => r.status !== 'deleted' && r.status !== 'ceased')).toEqual([]);
  expect(state.vxnets).toEqual([]);
  expect(await provider.listOwned(new AbortController().signal)).toEqual([]);
}

/**
 * Last resort for a failed test: strips our finalizers so later test files on the shared apiserver
 * do not inherit half-deleted objects.
 */
export async function forceRemoveTenants(admin: KubeClient, t: Tenants): Promise<void> {
  await Promise.all(t.allProjects.map((p) => deleteNamespace(admin, p).catch(() => undefined)));
  await Promise.all(t.workspaces.map((ws) => admin.request('DELETE', `/apis/tenant.kubesphere.io/v1beta1/workspaces/${ws}`).catch(() => undefined)));
  for (const [type, names] of [[PROJECT_NETWORKS, t.allProjects], [WORKSPACE_NETWORKS, t.workspaces]] as const) {
    for (const name of names) {
      await admin.mergePatch(type, name, { metadata: { finalizers: null } }).catch(() => undefined);
      await admin.delete(type, name).catch(() => undefined);
    }
  }
}

// ---- the controller as a separate process ---------------------------------------------------

export interface ControllerChild {
  readonly pid: number;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
  /** SIGKILL: the process dies wherever it is, like a node losing power. */
  crash(): Promise<void>;
  /** SIGTERM, as a pod is stopped. */
  stop(): Promise<void>;
  /** What the process printed (its JSON log lines and any fatal error). */
  output(): string;
}

/**
 * Runs `src/cmd/main.ts` from source against the env's apiserver and simulator, configured the way the
 * demo is: QINGCLOUD_* variables for the connection, a config file for the rest. No leader
 * election, so a restart takes over at once.
 */
export function startControllerProcess(env: QingCloudEnv, qingcloud: Partial<QingCloudConfig> = {}): ControllerChild {
  const { sim, secretNamespace: namespace, kubeconfigPath: kubeconfig } = env;
  const dir = mkdtempSync(join(tmpdir(), 'tnc-qc-child-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ provider: 'qingcloud', qingcloud: { ...TEST_QINGCLOUD_CONFIG, ...qingcloud } }));
  const logPath = join(dir, 'controller.log');
  const fd = openSync(logPath, 'a');
  const child: ChildProcess = spawn('node_modules/.bin/node', ['--import', './scripts/ts-hooks.js', 'src/cmd/main.ts'], {
    stdio: ['ignore', fd, fd],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      KUBECONFIG: kubeconfig,
      TNC_CONFIG: configPath,
      POD_NAMESPACE: namespace,
      POD_NAME: `${namespace}-${Date.now()}`,
      TNC_LEADER_ELECTION: 'false',
      TNC_PROBE_PORT: '0',
      TNC_LOG_LEVEL: 'info',
      QINGCLOUD_ENDPOINT: sim.endpoint,
      QINGCLOUD_ZONE: sim.zone,
      QINGCLOUD_ACCESS_KEY_ID: sim.accessKeyId,
      QINGCLOUD_SECRET_ACCESS_KEY: sim.secretAccessKey,
    },
  });
  closeSync(fd);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => { resolve(code ?? signal ?? 'unknown'); });
  });
  const cleanup = (): void => { rmSync(dir, { recursive: true, force: true }); };
  let logText = '';
  const output = (): string => {
    try {
      logText = readFileSync(logPath, 'utf8');
    } catch {
      // Removed after exit: keep what was read last.
    }
    return logText;
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    output();
    cleanup();
  };
  return { pid: child.pid ?? 0, exited, crash: () => end('SIGKILL'), stop: () => end('SIGTERM'), output };
}
