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

export interface ControlPlaneOptions {
  /** Where to keep certificates, etcd data and logs; a fresh temp dir (removed on stop) by default. */
  readonly rootDir?: string;
  readonly binaries?: Binaries;
  readonly startTimeoutMs?: number;
  /** Extra kube-apiserver flags. */
  readonly apiserverArgs?: readonly string[];
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
  private readonly startTimeoutMs: number;
  private readonly ports: Ports;
  private readonly files: CertFiles;
  private etcd: ManagedProcess | undefined;
  private apiserver: ManagedProcess | undefined;
  private readonly extraApiservers = new Set<ManagedProcess>();

  private constructor(access: ClusterAccess, binaries: Binaries, layout: Layout, ports: Ports, files: CertFiles, ownsRoot: boolean, apiserverArgs: readonly string[], startTimeoutMs: number) {
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
    const serverUrl = `https://127.0.0.1:${apiserverPort}`;

    // Three trust roots, as in a real cluster: serving, client authentication, service-account tokens.
    const servingCa = await createCertificateAuthority('tnc-local-serving-ca', CERT_VALIDITY_MS);
    const serving = await issueCertificate(servingCa, { commonName: 'kube-apiserver', dnsNames: ['localhost', 'kubernetes', 'kubernetes.default.svc'], ipAddresses: ['127.0.0.1'], usage: 'server', validityMs: CERT_VALIDITY_MS });
    const clientCa = await createCertificateAuthority('tnc-local-client-ca', CERT_VALIDITY_MS);
    const admin = await issueCertificate(clientCa, { commonName: 'admin', organizations: ['system:masters'], usage: 'client', validityMs: CERT_VALIDITY_MS });
    const saKeys = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const files: CertFiles = {
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
    const plane = new LocalControlPlane(access, binaries, layout, ports, files, ownsRoot, options.apiserverArgs ?? [], options.startTimeoutMs ?? 90_000);
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

  get etcdUrl(): string {
    return `http://127.0.0.1:${this.ports.etcdClientPort}`;
  }

  async startEtcd(): Promise<void> {
    const peer = `http://127.0.0.1:${this.ports.etcdPeerPort}`;
    const logPath = join(this.layout.logs, 'etcd.log');
    this.etcd = ManagedProcess.start('etcd', this.binaries.etcd, [
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
      serverUrl: `https://127.0.0.1:${port}`,
      stop: async () => {
        await process.stop();
        this.extraApiservers.delete(process);
      },
    };
  }

  private async launchApiserver(apiserverPort: number, logName: string): Promise<ManagedProcess> {
    const logPath = join(this.layout.logs, logName);
    const apiserver = ManagedProcess.start('kube-apiserver', this.binaries.kubeApiserver, [
      `--etcd-servers=${this.etcdUrl}`,
      `--secure-port=${apiserverPort}`,
      '--bind-address=127.0.0.1',
      `--advertise-address=127.0.0.1`,
      `--tls-cert-file=${this.files.servingCert}`,
      `--tls-private-key-file=${this.files.servingKey}`,
      `--client-ca-file=${this.files.clientCa}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=https://127.0.0.1:${apiserverPort}/`,
      `--service-account-key-file=${this.files.saPub}`,
      `--service-account-signing-key-file=${this.files.saKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--disable-admission-plugins=ServiceAccount',
      '--allow-privileged=true',
      '--v=1',
      ...this.apiserverArgs,
    ], logPath);
    await waitUntilHealthy('kube-apiserver', `https://127.0.0.1:${apiserverPort}/readyz`, this.access.state.serverCaPem, apiserver, this.startTimeoutMs, logPath);
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
