// A real local Kubernetes control plane (etcd + kube-apiserver) on loopback, started the way
// controller-runtime's envtest does it: fresh certificates, service-account signing keys so
// TokenRequest works, RBAC authorization, and an admin kubeconfig. No kubelet, scheduler or
// controller-manager: namespaces stay Terminating and no garbage collection runs.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createCertificateAuthority, issueCertificate } from '../../src/pki/certificates.js';
import { ensureBinaries, type Binaries } from './binaries.js';
import { ClusterAccess, writeKubeconfig } from './cluster-access.js';
import { ManagedProcess } from './managed-process.js';
import { freePort } from './ports.js';

const CERT_VALIDITY_MS = 30 * 24 * 3600 * 1000;
/** The user the apiserver authenticates as when it calls a kubelet. */
export const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';

export interface ControlPlaneOptions {
  /** Where to keep certificates, etcd data and logs; a fresh temp dir (removed on stop) by default. */
  readonly rootDir?: string;
  readonly binaries?: Binaries;
  readonly startTimeoutMs?: number;
  /** Extra kube-apiserver flags (later flags win over the defaults). */
  readonly apiserverArgs?: readonly string[];
  /**
   * The address the apiserver listens on and advertises (default 127.0.0.1). A real node in its own
   * network namespace reaches the apiserver on the host end of its veth, so it listens there.
   */
  readonly bindAddress?: string;
  /** More IP SANs for the serving certificate (e.g. the `kubernetes` Service's cluster IP). */
  readonly servingIpAddresses?: readonly string[];
  /**
   * A control plane for a real node: the apiserver authorizes kubelets (Node,RBAC with
   * NodeRestriction), admits pods with their ServiceAccount tokens, and presents a client certificate
   * to kubelets (exec, logs, port-forward). Without it there is no node and no ServiceAccount admission.
   */
  readonly forNode?: boolean;
  /**
   * A cgroup.procs file to start etcd and the apiservers in, so that whoever cleans up that cgroup
   * (a test node's tear-down, or the sweep after a killed run) stops them too.
   */
  readonly cgroupProcs?: string;
}

interface Ports {
  readonly etcdClientPort: number;
  readonly etcdPeerPort: number;
  readonly apiserverPort: number;
}

interface CertFiles {
  readonly servingCert: string;
  readonly servingKey: string;
  readonly clientCa: string;
  readonly saPub: string;
  readonly saKey: string;
  readonly kubeletClientCert?: string;
  readonly kubeletClientKey?: string;
}

interface Layout {
  readonly root: string;
  readonly etcdData: string;
  readonly certs: string;
  readonly logs: string;
}

async function probe(url: string, caPem: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const onResponse = (res: { statusCode?: number; resume: () => void }): void => {
      res.resume();
      resolve(res.statusCode ?? 0);
    };
    const req = caPem === undefined ? httpRequest(url, onResponse) : request(url, { ca: caPem }, onResponse);
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => { resolve(0); });
    req.end();
  });
}

async function waitUntilHealthy(name: string, url: string, caPem: string | undefined, process: ManagedProcess, timeoutMs: number, logPath: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!process.running) throw new Error(`${name} exited during start-up; see ${logPath}`);
    if ((await probe(url, caPem)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} not healthy at ${url} after ${timeoutMs} ms; see ${logPath}`);
}

export class LocalControlPlane {
  readonly access: ClusterAccess;
  readonly binaries: Binaries;
  readonly rootDir: string;
  private readonly layout: Layout;
  private readonly ownsRoot: boolean;
  private readonly apiserverArgs: readonly string[];
  private readonly bindAddress: string;
  private readonly cgroupProcs: string | undefined;
  private readonly startTimeoutMs: number;
  private get forNode(): boolean {
    return this.files.kubeletClientCert !== undefined;
  }
  private readonly ports: Ports;
  private readonly files: CertFiles;
  private etcd: ManagedProcess | undefined;
  private apiserver: ManagedProcess | undefined;
  private readonly extraApiservers = new Set<ManagedProcess>();

  private constructor(access: ClusterAccess, binaries: Binaries, layout: Layout, ports: Ports, files: CertFiles, ownsRoot: boolean, bindAddress: string, apiserverArgs: readonly string[], startTimeoutMs: number, cgroupProcs: string | undefined) {
    this.bindAddress = bindAddress;
    this.cgroupProcs = cgroupProcs;
    this.access = access;
    this.ports = ports;
    this.files = files;
    this.binaries = binaries;
    this.layout = layout;
    this.rootDir = layout.root;
    this.ownsRoot = ownsRoot;
    this.apiserverArgs = apiserverArgs;
    this.startTimeoutMs = startTimeoutMs;
  }

  static async start(options: ControlPlaneOptions = {}): Promise<LocalControlPlane> {
    const binaries = options.binaries ?? ensureBinaries();
    const ownsRoot = options.rootDir === undefined;
    const root = options.rootDir ?? mkdtempSync(join(tmpdir(), 'tnc-control-plane-'));
    const layout: Layout = { root, etcdData: join(root, 'etcd'), certs: join(root, 'certs'), logs: join(root, 'logs') };
    for (const dir of [layout.etcdData, layout.certs, layout.logs]) mkdirSync(dir, { recursive: true });

    const [etcdClientPort, etcdPeerPort, apiserverPort] = [await freePort(), await freePort(), await freePort()];
    const bindAddress = options.bindAddress ?? '127.0.0.1';
    const serverUrl = `https://${bindAddress}:${apiserverPort}`;

    // Three trust roots, as in a real cluster: serving, client authentication, service-account tokens.
    const servingCa = await createCertificateAuthority('tnc-local-serving-ca', CERT_VALIDITY_MS);
    const serving = await issueCertificate(servingCa, { commonName: 'kube-apiserver', dnsNames: ['localhost', 'kubernetes', 'kubernetes.default.svc'], ipAddresses: [...new Set(['127.0.0.1', bindAddress, ...(options.servingIpAddresses ?? [])])], usage: 'server', validityMs: CERT_VALIDITY_MS });
    const clientCa = await createCertificateAuthority('tnc-local-client-ca', CERT_VALIDITY_MS);
    const admin = await issueCertificate(clientCa, { commonName: 'admin', organizations: ['system:masters'], usage: 'client', validityMs: CERT_VALIDITY_MS });
    const saKeys = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    let files: CertFiles = {
      servingCert: join(layout.certs, 'apiserver.crt'),
      servingKey: join(layout.certs, 'apiserver.key'),
      clientCa: join(layout.certs, 'client-ca.crt'),
      saPub: join(layout.certs, 'sa.pub'),
      saKey: join(layout.certs, 'sa.key'),
    };
    writeFileSync(files.servingCert, serving.certPem + servingCa.certPem);
    writeFileSync(files.servingKey, serving.keyPem, { mode: 0o600 });
    writeFileSync(files.clientCa, clientCa.certPem);
    writeFileSync(files.saPub, saKeys.publicKey);
    writeFileSync(files.saKey, saKeys.privateKey, { mode: 0o600 });
    if (options.forNode === true) {
      const kubeletClient = await issueCertificate(clientCa, { commonName: KUBELET_CLIENT_USER, usage: 'client', validityMs: CERT_VALIDITY_MS });
      const cert = join(layout.certs, 'kubelet-client.crt');
      const key = join(layout.certs, 'kubelet-client.key');
      writeFileSync(cert, kubeletClient.certPem);
      writeFileSync(key, kubeletClient.keyPem, { mode: 0o600 });
      files = { ...files, kubeletClientCert: cert, kubeletClientKey: key };
    }

    const adminKubeconfigPath = join(root, 'kubeconfig');
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'local', server: serverUrl, caData: Buffer.from(servingCa.certPem).toString('base64') }],
      users: [{ name: 'admin', certData: Buffer.from(admin.certPem).toString('base64'), keyData: Buffer.from(admin.keyPem).toString('base64') }],
      contexts: [{ name: 'local', cluster: 'local', user: 'admin' }],
      currentContext: 'local',
    });
    writeKubeconfig(kc, adminKubeconfigPath);

    const access = new ClusterAccess({ serverUrl, serverCaPem: servingCa.certPem, clientCaCertPem: clientCa.certPem, clientCaKeyPem: clientCa.keyPem, adminKubeconfigPath });
    const ports: Ports = { etcdClientPort, etcdPeerPort, apiserverPort };
    const plane = new LocalControlPlane(access, binaries, layout, ports, files, ownsRoot, bindAddress, options.apiserverArgs ?? [], options.startTimeoutMs ?? 90_000, options.cgroupProcs);
    try {
      await plane.startEtcd();
      await plane.startApiserver();
    } catch (err) {
      await plane.stop();
      throw err;
    }
    return plane;
  }

  get kubeconfigPath(): string {
    return this.access.state.adminKubeconfigPath;
  }

  /** The client CA (what kubelets trust) and the service-account signing key (the token controller's). */
  get certificateFiles(): { readonly clientCa: string; readonly saKey: string } {
    return { clientCa: this.files.clientCa, saKey: this.files.saKey };
  }

  get etcdUrl(): string {
    return `http://127.0.0.1:${this.ports.etcdClientPort}`;
  }

  async startEtcd(): Promise<void> {
    const peer = `http://127.0.0.1:${this.ports.etcdPeerPort}`;
    const logPath = join(this.layout.logs, 'etcd.log');
    this.etcd = this.startProcess('etcd', this.binaries.etcd, [
      '--name=default',
      `--data-dir=${this.layout.etcdData}`,
      `--listen-client-urls=${this.etcdUrl}`,
      `--advertise-client-urls=${this.etcdUrl}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=default=${peer}`,
      '--unsafe-no-fsync=true',
      '--quota-backend-bytes=8589934592',
      '--log-level=warn',
    ], logPath);
    await waitUntilHealthy('etcd', `${this.etcdUrl}/health`, undefined, this.etcd, this.startTimeoutMs, logPath);
  }

  async startApiserver(): Promise<void> {
    this.apiserver = await this.launchApiserver(this.ports.apiserverPort, 'kube-apiserver.log');
  }

  /** A second apiserver on the same etcd: the cluster stays writable while the first one is down. */
  async startExtraApiserver(): Promise<{ serverUrl: string; stop: () => Promise<void> }> {
    const port = await freePort();
    const process = await this.launchApiserver(port, `kube-apiserver-${port}.log`);
    this.extraApiservers.add(process);
    return {
      serverUrl: `https://${this.bindAddress}:${port}`,
      stop: async () => {
        await process.stop();
        this.extraApiservers.delete(process);
      },
    };
  }

  private startProcess(name: string, command: string, args: readonly string[], logPath: string): ManagedProcess {
    if (this.cgroupProcs === undefined) return ManagedProcess.start(name, command, args, logPath);
    return ManagedProcess.start(name, 'sh', ['-c', `echo $$ > ${this.cgroupProcs} && exec "$0" "$@"`, command, ...args], logPath);
  }

  private async launchApiserver(apiserverPort: number, logName: string): Promise<ManagedProcess> {
    const logPath = join(this.layout.logs, logName);
    const apiserver = this.startProcess('kube-apiserver', this.binaries.kubeApiserver, [
      `--etcd-servers=${this.etcdUrl}`,
      `--secure-port=${apiserverPort}`,
      `--bind-address=${this.bindAddress}`,
      `--advertise-address=${this.bindAddress}`,
      `--tls-cert-file=${this.files.servingCert}`,
      `--tls-private-key-file=${this.files.servingKey}`,
      `--client-ca-file=${this.files.clientCa}`,
      `--authorization-mode=${this.forNode ? 'Node,RBAC' : 'RBAC'}`,
      `--service-account-issuer=https://${this.bindAddress}:${apiserverPort}/`,
      `--service-account-key-file=${this.files.saPub}`,
      `--service-account-signing-key-file=${this.files.saKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // No node, so no ServiceAccount tokens to mount (and no default ServiceAccounts to wait for).
      ...(this.forNode ? ['--enable-admission-plugins=NodeRestriction'] : ['--disable-admission-plugins=ServiceAccount']),
      '--allow-privileged=true',
      '--v=1',
      ...(this.files.kubeletClientCert === undefined || this.files.kubeletClientKey === undefined ? [] : [
        `--kubelet-client-certificate=${this.files.kubeletClientCert}`,
        `--kubelet-client-key=${this.files.kubeletClientKey}`,
        // The node's name does not resolve: the apiserver dials its address.
        '--kubelet-preferred-address-types=InternalIP,Hostname',
        // Webhooks and aggregated APIs are called at their endpoints (pod addresses), not cluster IPs.
        '--enable-aggregator-routing=true',
      ]),
      ...this.apiserverArgs,
    ], logPath);
    await waitUntilHealthy('kube-apiserver', `https://${this.bindAddress}:${apiserverPort}/readyz`, this.access.state.serverCaPem, apiserver, this.startTimeoutMs, logPath);
    return apiserver;
  }

  /** Stops only the apiserver (clients see connection errors) — for recovery tests. */
  async stopApiserver(crash = false): Promise<void> {
    if (this.apiserver === undefined) return;
    await (crash ? this.apiserver.kill() : this.apiserver.stop());
    this.apiserver = undefined;
  }

  async stopEtcd(crash = false): Promise<void> {
    if (this.etcd === undefined) return;
    await (crash ? this.etcd.kill() : this.etcd.stop());
    this.etcd = undefined;
  }

  /** Process ids of the running components, to check that nothing outlives a stop. */
  pids(): number[] {
    return [this.etcd?.pid, this.apiserver?.pid, ...[...this.extraApiservers].map((p) => p.pid)].filter((p): p is number => p !== undefined);
  }

  async stop(): Promise<void> {
    for (const extra of [...this.extraApiservers]) await extra.stop();
    this.extraApiservers.clear();
    await this.stopApiserver();
    await this.stopEtcd();
    if (this.ownsRoot) rmSync(this.layout.root, { recursive: true, force: true });
  }
}
