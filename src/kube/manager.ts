// Runs the runtime pieces together: informers and the probe/metrics server on every replica,
// controllers only on the elected leader. Losing leadership stops the controllers; the caller
// (cmd) decides whether to exit, as client-go does.
import type { Registry } from 'prom-client';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { errorMessage } from '../util/errors.js';
import type { Controller } from './controller.js';
import type { Informer } from './informer.js';
import type { KubeClient, KubeObject } from './kube-client.js';
import { LeaderElector } from './leader-election.js';
import type { RuntimeMetrics } from './metrics-handle.js';
import { ProbeServer, type Check } from './probe-server.js';

export interface ManagerOptions {
  readonly client: KubeClient;
  readonly registry: Registry;
  readonly metrics: RuntimeMetrics;
  readonly log?: Logger;
  readonly leaderElection?: { readonly namespace: string; readonly name: string; readonly identity: string; readonly leaseDurationMs?: number; readonly renewDeadlineMs?: number; readonly retryPeriodMs?: number };
  readonly probePort?: number;
  readonly probeHost?: string;
  readonly shutdownGraceMs?: number;
  /** Extra readiness checks (e.g. the webhook's certificate). */
  readonly readiness?: Record<string, Check>;
  /** Called when leadership is lost after having been held. */
  readonly onLeadershipLost?: () => void;
  /** Runs once the leader's caches have synced, before the controllers start (e.g. IPAM rebuild). */
  readonly beforeControllersStart?: (signal: AbortSignal) => Promise<void>;
}

export class Manager {
  private readonly options: ManagerOptions;
  private readonly log: Logger;
  private readonly informers: Informer<KubeObject>[] = [];
  private readonly controllers: Controller[] = [];
  private elector: LeaderElector | undefined;
  private probe: ProbeServer | undefined;
  private controllersRunning = false;
  private stopping = false;
  probePort = 0;

  constructor(options: ManagerOptions) {
    this.options = options;
    this.log = options.log ?? silentLogger();
  }

  addInformer<T extends KubeObject>(informer: Informer<T>): Informer<T> {
    this.informers.push(informer as unknown as Informer<KubeObject>);
    return informer;
  }

  addController(controller: Controller): Controller {
    this.controllers.push(controller);
    return controller;
  }

  get isLeader(): boolean {
    return this.elector === undefined ? this.controllersRunning : this.elector.isLeader;
  }

  informersSynced(): boolean {
    return this.informers.every((i) => i.hasSynced());
  }

  async start(): Promise<void> {
    const unsynced = (): string | undefined => {
      const pending = this.informers.filter((i) => !i.hasSynced()).map((i) => i.type.plural);
      return pending.length === 0 ? undefined : `caches not synced: ${pending.join(', ')}`;
    };
    this.probe = new ProbeServer({ registry: this.options.registry, readiness: { informers: unsynced, ...this.options.readiness }, liveness: { ping: () => undefined } });
    this.probePort = await this.probe.listen(this.options.probePort ?? 8081, this.options.probeHost);
    for (const informer of this.informers) informer.start();

    const election = this.options.leaderElection;
    if (election === undefined) {
      await this.startControllers(new AbortController().signal);
      // The only replica leads: without this series a "no leader" alert would fire forever.
      this.options.metrics.setLeader('', true);
      return;
    }
    this.elector = new LeaderElector({
      client: this.options.client,
      ...election,
      log: this.log,
      onLeadingChanged: (leading) => { this.options.metrics.setLeader(election.name, leading); },
      onNewLeader: (identity) => { this.log.info({ leader: identity }, 'observed leader'); },
      onStartedLeading: (signal) => {
        this.startControllers(signal).catch((err: unknown) => {
          this.log.error({ err: errorMessage(err) }, 'controllers failed to start');
        });
      },
      onStoppedLeading: () => {
        // During our own shutdown, losing the lease is expected, not a failure.
        if (this.stopping) return;
        void this.stopControllers().then(() => this.options.onLeadershipLost?.());
      },
    });
    this.options.metrics.setLeader(election.name, false);
    this.elector.start();
  }

  private async startControllers(signal: AbortSignal): Promise<void> {
    await Promise.all(this.informers.map((i) => i.waitForSync(signal)));
    if (signal.aborted) return;
    if (this.options.beforeControllersStart !== undefined) {
      await this.options.beforeControllersStart(signal);
      // Leadership may have been lost while the hook ran.
      if (signal.aborted as boolean) return;
    }
    for (const controller of this.controllers) controller.start();
    this.controllersRunning = true;
    this.log.info({ controllers: this.controllers.map((c) => c.name) }, 'controllers started');
  }

  private async stopControllers(): Promise<void> {
    if (!this.controllersRunning) return;
    this.controllersRunning = false;
    await Promise.all(this.controllers.map((c) => c.stop(this.options.shutdownGraceMs ?? 10_000)));
  }

  /** Graceful shutdown: finish in-flight reconciles (bounded), release the lease, stop watching. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.stopControllers();
    await this.elector?.stop();
    await Promise.all(this.informers.map((i) => i.stop()));
    await this.probe?.close();
  }
}
