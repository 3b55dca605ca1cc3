import { describe, expect, it } from '@jest/globals';
import { KeyedSerializer } from './keyed-serializer.js';
import { RouterLeaves } from './router-leaves.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class RefusedError extends Error {
  readonly retryable: boolean;
  constructor(retryable: boolean) {
    super(retryable ? 'busy' : 'refused');
    this.retryable = retryable;
  }
}

/** A fake LeaveRouter that records its calls and refuses any call naming one of `bad`. */
function setup(options: { bad?: readonly string[]; retryable?: boolean; max?: number; windowMs?: number } = {}) {
  const locks = new KeyedSerializer();
  const sent: string[][] = [];
  const leaves = new RouterLeaves(
    async (routerId, vxnetIds) => {
      sent.push([routerId, ...vxnetIds]);
      await tick(5);
      if (vxnetIds.some((v) => options.bad?.includes(v) === true)) throw new RefusedError(options.retryable ?? false);
    },
    (routerId, task) => locks.run(routerId, task),
    { windowMs: options.windowMs ?? 0, ...(options.max === undefined ? {} : { maxVxnets: options.max }) },
  );
  return { locks, sent, leaves };
}

describe('RouterLeaves', () => {
  it('sends leaves that wait for the same router in one call, other routers in their own', async () => {
    const { locks, sent, leaves } = setup();
    const busy = locks.run('rtr-a', () => tick(20));
    const all = Promise.all([leaves.leave('rtr-a', ['v1']), leaves.leave('rtr-a', ['v2', 'v3']), leaves.leave('rtr-b', ['v4']), leaves.leave('rtr-a', ['v1'])]);
    await busy;
    await all;
    expect(sent).toEqual([['rtr-b', 'v4'], ['rtr-a', 'v1', 'v2', 'v3']]);
  });

  it('lets the first leave of a free router wait a moment for company', async () => {
    const { sent, leaves } = setup({ windowMs: 15 });
    const first = leaves.leave('rtr-a', ['v1']);
    await tick(5);
    await Promise.all([first, leaves.leave('rtr-a', ['v2'])]);
    expect(sent).toEqual([['rtr-a', 'v1', 'v2']]);
  });

  it('starts a new batch for leaves that arrive while one is being sent', async () => {
    const { sent, leaves } = setup();
    const first = leaves.leave('rtr-a', ['v1']);
    await tick(2);
    await Promise.all([first, leaves.leave('rtr-a', ['v2']), leaves.leave('rtr-a', ['v3'])]);
    expect(sent).toEqual([['rtr-a', 'v1'], ['rtr-a', 'v2', 'v3']]);
  });

  it('a refused batch is re-sent per caller, so only the bad vxnet fails', async () => {
    const { sent, leaves } = setup({ bad: ['v2'] });
    const outcomes = await Promise.allSettled([leaves.leave('rtr-a', ['v1']), leaves.leave('rtr-a', ['v2']), leaves.leave('rtr-a', ['v3'])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(sent).toEqual([['rtr-a', 'v1', 'v2', 'v3'], ['rtr-a', 'v1'], ['rtr-a', 'v2'], ['rtr-a', 'v3']]);
  });

  it('a retryable failure fails the whole batch at once (the callers retry later)', async () => {
    const { sent, leaves } = setup({ bad: ['v2'], retryable: true });
    const outcomes = await Promise.allSettled([leaves.leave('rtr-a', ['v1']), leaves.leave('rtr-a', ['v2'])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(sent).toHaveLength(1);
  });

  it.each([
    [2, [['v1', 'v2'], ['v3', 'v4'], ['v5']]],
    [3, [['v1', 'v2', 'v3'], ['v4', 'v5']]],
    [100, [['v1', 'v2', 'v3', 'v4', 'v5']]],
  ])('sends at most %i vxnets per call', async (max, calls) => {
    const { sent, leaves } = setup({ max });
    await Promise.all(['v1', 'v2', 'v3', 'v4', 'v5'].map((v) => leaves.leave('rtr-a', [v])));
    expect(sent).toEqual(calls.map((c) => ['rtr-a', ...c]));
  });
});
