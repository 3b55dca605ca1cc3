// Leader election on a coordination.k8s.io Lease with client-go's semantics: a candidate takes the
// lease only when its record has not changed for a whole lease duration by the LOCAL clock (clocks
// of different machines are never compared); the leader renews every retry period and steps down
// when it has not renewed within the renew deadline; a clean stop releases the lease at once.
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { sleep } from '../util/backoff.js';
import { errorMessage } from '../util/errors.js';
import { isAlreadyExists, isNotFound } from './api-error.js';
import type { KubeClient, KubeObject } from './kube-client.js';
import { toMicroTime } from './micro-time.js';
import { CORE } from './resource.js';

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export interface LeaderElectionOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  /** Runs when this candidate becomes leader; the signal aborts when leadership is lost. */
  readonly onStartedLeading: (signal: AbortSignal) => void;
  readonly onStoppedLeading?: () => void;
  readonly onNewLeader?: (identity: string) => void;
  readonly onLeadingChanged?: (leading: boolean) => void;
  readonly log?: Logger;
}

const JITTER_FACTOR = 1.2;

export class LeaderElector {
  private readonly options: Required<Pick<LeaderElectionOptions, 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs'>> & LeaderElectionOptions;
  private readonly log: Logger;
  private readonly stopController = new AbortController();
  private leadership: AbortController | undefined;
  private observedRecord = '';
  private observedAtMs = 0;
  private lastRenewMs = 0;
  private knownLeader = '';
  private loop: Promise<void> | undefined;

  constructor(options: LeaderElectionOptions) {
    this.options = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, ...options };
    if (this.options.renewDeadlineMs >= this.options.leaseDurationMs) throw new Error('renewDeadline must be shorter than leaseDuration');
    this.log = (options.log ?? silentLogger()).child({ lease: `${options.namespace}/${options.name}`, identity: options.identity });
  }

  get isLeader(): boolean {
    return this.leadership !== undefined && !this.leadership.signal.aborted;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /**
   * Stops competing. By default a leader releases the lease so a standby takes over without
   * waiting; `release: false` leaves the lease to expire, as a crashed process would.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.stopController.abort(new Error('elector stopped'));
    await this.loop;
    if (this.isLeader) {
      this.loseLeadership();
      if (options.release ?? true) await this.release();
    }
  }

  private async run(): Promise<void> {
    const signal = this.stopController.signal;
    while (!signal.aborted) {
      const { retryPeriodMs, renewDeadlineMs } = this.options;
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
      } catch (err) {
        this.log.warn({ err: errorMessage(err) }, 'lease update failed');
      }
      if (ok) {
        this.lastRenewMs = Date.now();
        if (!this.isLeader) this.becomeLeader();
      } else if (this.isLeader && Date.now() - this.lastRenewMs > renewDeadlineMs) {
        this.log.error({ sinceRenewMs: Date.now() - this.lastRenewMs }, 'failed to renew the lease within the renew deadline; stepping down');
        this.loseLeadership();
      }
      // Leaders renew on the retry period; candidates add jitter so they do not retry in lockstep.
      const wait = this.isLeader ? retryPeriodMs : retryPeriodMs * (1 + Math.random() * (JITTER_FACTOR - 1));
      await sleep(wait, signal).catch(() => undefined);
    }
  }

  private becomeLeader(): void {
    this.leadership = new AbortController();
    this.log.info('became leader');
    this.options.onLeadingChanged?.(true);
    this.options.onStartedLeading(this.leadership.signal);
  }

  private loseLeadership(): void {
    if (this.leadership === undefined) return;
    this.leadership.abort(new Error('leadership lost'));
    this.leadership = undefined;
    this.log.info('stopped leading');
    this.options.onLeadingChanged?.(false);
    this.options.onStoppedLeading?.();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name, identity, leaseDurationMs } = this.options;
    const now = new Date();
    const desired = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(leaseDurationMs / 1000),
      renewTime: toMicroTime(now),
    };
    let lease: Lease;
    try {
      lease = await client.get<Lease>(CORE.leases, name, namespace);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await client.create<Lease>(CORE.leases, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { ...desired, acquireTime: toMicroTime(now), leaseTransitions: 0 },
        });
      } catch (createErr) {
        if (isAlreadyExists(createErr)) return false;
        throw createErr;
      }
      this.observe(undefined, identity);
      return true;
    }

    const spec = lease.spec ?? {};
    const record = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.acquireTime, spec.leaseTransitions]);
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAtMs = Date.now();
    }
    const holder = spec.holderIdentity ?? '';
    if (holder !== this.knownLeader) {
      this.knownLeader = holder;
      if (holder !== '') this.options.onNewLeader?.(holder);
    }
    const heldByOther = holder !== '' && holder !== identity;
    const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
    if (heldByOther && this.observedAtMs + durationMs > Date.now()) return false;

    const takingOver = holder !== identity;
    const updated: Lease = {
      ...lease,
      spec: {
        ...spec,
        ...desired,
        acquireTime: takingOver ? toMicroTime(now) : spec.acquireTime ?? toMicroTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (takingOver ? 1 : 0),
      },
    };
    // The resourceVersion in `updated` makes this a compare-and-swap: a concurrent writer gets 409.
    const written = await client.request<Lease>('PUT', `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}`, { body: updated, query: { fieldManager: client.fieldManager } });
    this.observe(written, identity);
    if (takingOver) this.log.info({ previous: holder }, 'acquired lease');
    return true;
  }

  private observe(lease: Lease | undefined, holder: string): void {
    const spec = lease?.spec;
    this.observedRecord = JSON.stringify([spec?.holderIdentity ?? holder, spec?.renewTime, spec?.acquireTime, spec?.leaseTransitions]);
    this.observedAtMs = Date.now();
    if (holder !== this.knownLeader) {
      this.knownLeader = holder;
      this.options.onNewLeader?.(holder);
    }
  }

  private async release(): Promise<void> {
    const { client, namespace, name, identity } = this.options;
    try {
      const lease = await client.get<Lease>(CORE.leases, name, namespace);
      if (lease.spec?.holderIdentity !== identity) return;
      const now = toMicroTime(new Date());
      // client-go's release: empty holder and a one-second lease so anyone may take it at once.
      await client.request('PUT', `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}`, {
        body: { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now } },
        query: { fieldManager: client.fieldManager },
      });
      this.log.info('released lease');
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, 'could not release the lease; the standby takes over after it expires');
    }
  }
}
