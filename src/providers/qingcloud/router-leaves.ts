// Leaves of one router that queue behind each other go out together: LeaveRouter takes many vxnets
// and runs one job for all of them. Deleting a workspace's N projects then costs a few calls and
// jobs instead of N jobs one after another, each holding a controller worker while it waits.

/** Sends one LeaveRouter for these vxnets and waits for its job. */
export type SendLeave = (routerId: string, vxnetIds: readonly string[]) => Promise<void>;
/** Runs `task` holding the router (no other mutation of it in between). */
export type HoldRouter = (routerId: string, task: () => Promise<void>) => Promise<void>;

interface Waiting {
  readonly vxnetIds: readonly string[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'retryable' in err && err.retryable === true;
}

export class RouterLeaves {
  private readonly send: SendLeave;
  private readonly hold: HoldRouter;
  private readonly maxVxnets: number;
  private readonly windowMs: number;
  /** Per router, the callers waiting for the router that have not been sent yet. */
  private readonly open = new Map<string, Waiting[]>();

  /** `windowMs`: how long the first leave of a free router waits for company (callers come in bursts). */
  constructor(send: SendLeave, hold: HoldRouter, options: { readonly maxVxnets?: number; readonly windowMs?: number } = {}) {
    this.send = send;
    this.hold = hold;
    this.maxVxnets = options.maxVxnets ?? 100;
    this.windowMs = options.windowMs ?? 25;
  }

  /** Resolves once a LeaveRouter carrying these vxnets has succeeded. */
  leave(routerId: string, vxnetIds: readonly string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting: Waiting = { vxnetIds, resolve, reject };
      const batch = this.open.get(routerId);
      if (batch !== undefined) {
        batch.push(waiting);
        return;
      }
      const fresh = [waiting];
      this.open.set(routerId, fresh);
      // Whoever arrives until the router is ours joins this batch; later ones start the next.
      setTimeout(() => {
        this.hold(routerId, async () => {
          if (this.open.get(routerId) === fresh) this.open.delete(routerId);
          for (const group of groups(fresh, this.maxVxnets)) await this.deliver(routerId, group);
        }).catch((err: unknown) => {
          for (const w of fresh) w.reject(err);
        });
      }, this.windowMs);
    });
  }

  /** One call for the group; if it is refused outright, one call per caller so one bad vxnet fails only its own. */
  private async deliver(routerId: string, group: readonly Waiting[]): Promise<void> {
    try {
      await this.send(routerId, [...new Set(group.flatMap((w) => w.vxnetIds))]);
      for (const w of group) w.resolve();
      return;
    } catch (err) {
      if (group.length === 1 || isRetryable(err)) {
        for (const w of group) w.reject(err);
        return;
      }
    }
    for (const w of group) {
      try {
        await this.send(routerId, w.vxnetIds);
        w.resolve();
      } catch (err) {
        w.reject(err);
      }
    }
  }
}

/** Consecutive groups of callers with at most `max` vxnets each (a larger caller goes alone). */
function groups(waiting: readonly Waiting[], max: number): Waiting[][] {
  const out: Waiting[][] = [];
  let current: Waiting[] = [];
  let size = 0;
  for (const w of waiting) {
    if (current.length > 0 && size + w.vxnetIds.length > max) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(w);
    size += w.vxnetIds.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}
