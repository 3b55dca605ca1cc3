import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { retryableError, terminalError } from '../../util/errors.js';
import { JobWaiter, jobOutcome, type JobStatusInfo } from './job-waiter.js';

/** Jobs finish after a given number of polls; records every DescribeJobs batch. */
function fakeJobs(finishAfterPolls: Record<string, [number, string]>): {
  describe: (ids: readonly string[]) => Promise<JobStatusInfo[]>;
  batches: string[][];
} {
  const batches: string[][] = [];
  const seen = new Map<string, number>();
  return {
    batches,
    describe: (ids) => {
      batches.push([...ids]);
      return Promise.resolve(
        ids
          .filter((id) => id in finishAfterPolls)
          .map((id) => {
            const polls = (seen.get(id) ?? 0) + 1;
            seen.set(id, polls);
            const [after, final] = finishAfterPolls[id] ?? [1, 'successful'];
            return { job_id: id, job_action: 'JoinRouter', status: polls >= after ? final : 'working' };
          }),
      );
    },
  };
}

describe('jobOutcome', () => {
  it.each([
    ['pending', 'pending'],
    ['working', 'pending'],
    ['successful', 'successful'],
    ['failed', 'failed'],
    ['done with failure', 'failed'],
  ])('%s → %s', (status, outcome) => {
    expect(jobOutcome(status)).toBe(outcome);
  });
});

describe('JobWaiter', () => {
  it('polls many concurrent jobs in one DescribeJobs call per tick', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `j-${String(i).padStart(8, '0')}`);
    const fake = fakeJobs(Object.fromEntries(ids.map((id, i) => [id, [1 + (i % 3), 'successful']])));
    const waiter = new JobWaiter(fake.describe, { intervalMs: 5 });
    const results = await Promise.all(ids.map((id) => waiter.wait(id)));
    expect(results.map((r) => r.job_id)).toEqual(ids);
    expect(fake.batches).toHaveLength(3); // jobs finish after 1, 2 or 3 polls
    expect(fake.batches[0]).toHaveLength(40);
    expect(waiter.outstanding).toBe(0);
  });

  it('asks about at most 100 jobs per call', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `j-${i}`);
    const fake = fakeJobs(Object.fromEntries(ids.map((id) => [id, [1, 'successful']])));
    const waiter = new JobWaiter(fake.describe, { intervalMs: 5 });
    await Promise.all(ids.map((id) => waiter.wait(id)));
    expect(fake.batches.map((b) => b.length)).toEqual([100, 50]);
  });

  it('rejects with a terminal JobFailed error when the job fails', async () => {
    const fake = fakeJobs({ 'j-ok': [1, 'successful'], 'j-bad': [2, 'failed'], 'j-part': [1, 'done with failure'] });
    const waiter = new JobWaiter(fake.describe, { intervalMs: 5 });
    const [ok, bad, part] = await Promise.allSettled([waiter.wait('j-ok'), waiter.wait('j-bad'), waiter.wait('j-part')]);
    expect(ok.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'JobFailed', retryable: false } });
    expect(part).toMatchObject({ status: 'rejected', reason: { code: 'JobFailed' } });
  });

  it('two waits on the same job share its polls', async () => {
    const fake = fakeJobs({ 'j-1': [2, 'successful'] });
    const waiter = new JobWaiter(fake.describe, { intervalMs: 5 });
    await Promise.all([waiter.wait('j-1'), waiter.wait('j-1')]);
    expect(fake.batches).toEqual([['j-1'], ['j-1']]);
  });

  it('keeps polling through retryable DescribeJobs failures and gives up on terminal ones', async () => {
    let calls = 0;
    const flaky = new JobWaiter(
      (ids) => {
        calls += 1;
        if (calls === 1) return Promise.reject(retryableError('ServerBusy', 'busy'));
        return Promise.resolve(ids.map((id) => ({ job_id: id, status: 'successful' })));
      },
      { intervalMs: 5 },
    );
    await expect(flaky.wait('j-1')).resolves.toMatchObject({ job_id: 'j-1' });
    expect(calls).toBe(2);
    const broken = new JobWaiter(() => Promise.reject(terminalError('AuthFailure', 'bad key')), { intervalMs: 5 });
    await expect(broken.wait('j-2')).rejects.toMatchObject({ code: 'AuthFailure' });
  });

  it('reports a job DescribeJobs never returns, and times out slow ones', async () => {
    const fake = fakeJobs({ 'j-slow': [1_000_000, 'successful'] });
    const waiter = new JobWaiter(fake.describe, { intervalMs: 2, maxMissingPolls: 3, timeoutMs: 60 });
    await expect(waiter.wait('j-ghost')).rejects.toMatchObject({ code: 'JobNotFound', retryable: false });
    await expect(waiter.wait('j-slow')).rejects.toMatchObject({ code: 'JobTimeout', retryable: true });
  });

  it('an aborted wait stops without disturbing the others', async () => {
    const fake = fakeJobs({ 'j-a': [3, 'successful'], 'j-b': [3, 'successful'] });
    const waiter = new JobWaiter(fake.describe, { intervalMs: 5 });
    const controller = new AbortController();
    const a = waiter.wait('j-a', controller.signal);
    const b = waiter.wait('j-b');
    controller.abort(new Error('cancelled'));
    await expect(a).rejects.toThrow('cancelled');
    await expect(b).resolves.toMatchObject({ job_id: 'j-b' });
    expect(fake.batches.every((batch) => !batch.includes('j-a'))).toBe(true);
  });

  describe('learning when to ask first (fake timers)', () => {
    beforeEach(() => { jest.useFakeTimers(); });
    afterEach(() => { jest.useRealTimers(); });

    /** Waits for one job that finishes `durationMs` after it starts, advancing the fake clock. */
    async function runJob(waiter: JobWaiter, finishAt: Map<string, number>, id: string, durationMs: number, action: string): Promise<void> {
      finishAt.set(id, Date.now() + durationMs);
      const progress = { done: false };
      void waiter.wait(id, undefined, action).then(() => { progress.done = true; });
      while (!progress.done) await jest.advanceTimersByTimeAsync(1);
    }

    function timedJobs(options: { intervalMs: number; learnDurations?: boolean }): { waiter: JobWaiter; finishAt: Map<string, number>; polls: () => number } {
      const finishAt = new Map<string, number>();
      let polls = 0;
      const waiter = new JobWaiter(
        (ids) => {
          polls += 1;
          return Promise.resolve(ids.map((id) => ({ job_id: id, status: Date.now() >= (finishAt.get(id) ?? 0) ? 'successful' : 'working' })));
        },
        options,
      );
      return { waiter, finishAt, polls: () => polls };
    }

    it('asks first when jobs of the action are usually done, so most cost one poll', async () => {
      // 40 ms jobs polled every 25 ms: a fixed schedule needs two polls for each.
      const fixed = timedJobs({ intervalMs: 25, learnDurations: false });
      for (let i = 0; i < 12; i += 1) await runJob(fixed.waiter, fixed.finishAt, `j-${i}`, 40, 'JoinRouter');
      const learned = timedJobs({ intervalMs: 25 });
      for (let i = 0; i < 12; i += 1) await runJob(learned.waiter, learned.finishAt, `j-${i}`, 40, 'JoinRouter');
      expect(fixed.polls()).toBe(24);
      expect(learned.polls()).toBeLessThanOrEqual(16);
      expect(learned.waiter.firstPollDelayMs('JoinRouter')).toBeGreaterThanOrEqual(40 * 0.85);
      // Another action keeps the plain interval until it has its own history.
      expect(learned.waiter.firstPollDelayMs('CreateRouters')).toBe(25);
    });

    it('keeps polls at least one interval apart even when staggered jobs fall due in between', async () => {
      const { waiter, finishAt, polls } = timedJobs({ intervalMs: 100 });
      // Ten 250 ms jobs starting 20 ms apart: one poll each per interval would be ~30 calls.
      const started = Array.from({ length: 10 }, (_, i) => i);
      let done = 0;
      for (const i of started) {
        finishAt.set(`j-${i}`, Date.now() + 250);
        void waiter.wait(`j-${i}`, undefined, 'JoinRouter').then(() => { done += 1; });
        await jest.advanceTimersByTimeAsync(20);
      }
      while (done < started.length) await jest.advanceTimersByTimeAsync(1);
      // The jobs span 180 + 250 ms; polls at most every 100 ms cover that with about five calls.
      expect(polls()).toBeLessThanOrEqual(5);
    });

    it('keeps the first poll between a quarter of an interval and four intervals', async () => {
      const quick = timedJobs({ intervalMs: 100 });
      // Done at once every time: the estimate keeps coming down, to the floor.
      for (let i = 0; i < 80; i += 1) {
        await runJob(quick.waiter, quick.finishAt, `j-${i}`, 0, 'LeaveRouter');
        await jest.advanceTimersByTimeAsync(500); // apart, so the spacing between polls does not hold them back
      }
      expect(quick.waiter.firstPollDelayMs('LeaveRouter')).toBe(25);
      const slow = timedJobs({ intervalMs: 5 });
      await runJob(slow.waiter, slow.finishAt, 'j-slow', 100, 'CreateRouters');
      expect(slow.waiter.firstPollDelayMs('CreateRouters')).toBe(20);
    });
  });
});
