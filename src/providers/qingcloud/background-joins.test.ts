import { describe, expect, it } from '@jest/globals';
import type { SubnetState } from '../contract.js';
import { BackgroundJoins, untilAborted } from './background-joins.js';

const target = { routerId: 'rtr-1', vxnetId: 'vxnet-1', cidr: '172.16.1.0/24' };
const ready: SubnetState = { id: 'vxnet-1', cidr: '172.16.1.0/24', gateway: '172.16.1.1', ready: true };

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('BackgroundJoins', () => {
  it('has no outcome while the join runs, then hands it out once', async () => {
    const joins = new BackgroundJoins();
    const join = deferred<SubnetState>();
    const task = joins.start('ks-ns.a.b.1', target, () => join.promise);
    expect(joins.take('ks-ns.a.b.1')).toBeUndefined();
    expect(joins.get('ks-ns.a.b.1')).toBe(task);
    join.resolve(ready);
    await task.done;
    expect(joins.take('ks-ns.a.b.1')).toEqual({ ok: true, state: ready });
    expect(joins.take('ks-ns.a.b.1')).toBeUndefined();
    expect(joins.size).toBe(0);
  });

  it('keeps a failure as the outcome instead of rejecting', async () => {
    const joins = new BackgroundJoins();
    const boom = new Error('ret_code 5100');
    const task = joins.start('n', target, () => Promise.reject(boom));
    await expect(task.done).resolves.toBeUndefined();
    expect(joins.take('n')).toEqual({ ok: false, error: boom });
  });

  it('settle waits for a running join and forgets it, whatever its outcome', async () => {
    const joins = new BackgroundJoins();
    const join = deferred<SubnetState>();
    joins.start('n', target, () => join.promise);
    let settled = false;
    const settling = joins.settle('n').then(() => { settled = true; });
    await Promise.resolve();
    expect(settled).toBe(false);
    join.reject(new Error('refused'));
    await settling;
    expect(joins.get('n')).toBeUndefined();
    await joins.settle('unknown');
  });
});

describe('untilAborted', () => {
  it('passes the value through, and rejects at once when the signal aborts', async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = untilAborted(never, controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    await expect(untilAborted(Promise.resolve(1), AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
