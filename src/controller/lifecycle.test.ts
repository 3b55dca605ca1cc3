import { describe, expect, it } from '@jest/globals';
import type { Binding } from './binding.js';
import { planLifecycle, runLifecycle, type LifecycleActions, type LifecycleStep } from './lifecycle.js';

const object = (binding: Binding, deleting = false, hasFinalizer = true) => ({ binding, deleting, hasFinalizer });

describe('planLifecycle', () => {
  it.each([
    ['no object, not wanted', undefined, false, ['tidy']],
    ['no object, wanted', undefined, true, ['create', 'provision']],
    ['unwanted and being deleted', object('bound', true), false, ['finalize']],
    ['unwanted, never bound: waits for its owner', object('unbound'), false, ['waitForOwner']],
    ['unwanted and bound: deleted', object('bound'), false, ['delete']],
    ['owner re-created (stale binding), though wanted', object('stale'), true, ['delete']],
    ['stale binding being deleted', object('stale', true), true, ['finalize']],
    ['wanted and being deleted', object('bound', true), true, ['finalize']],
    ['wanted and unbound: adopted', object('unbound'), true, ['adopt', 'provision']],
    ['wanted, unbound and without finalizer: adoption adds it', object('unbound', false, false), true, ['adopt', 'provision']],
    ['wanted without our finalizer', object('bound', false, false), true, ['addFinalizer', 'provision']],
    ['wanted and in order', object('bound'), true, ['provision']],
  ] as [string, ReturnType<typeof object> | undefined, boolean, LifecycleStep[]][])('%s', (_name, observed, wanted, steps) => {
    expect(planLifecycle({ ...(observed === undefined ? {} : { object: observed }), wanted })).toEqual(steps);
  });
});

describe('runLifecycle', () => {
  const recording = (): { actions: LifecycleActions<string>; calls: string[] } => {
    const calls: string[] = [];
    const note = <T>(name: string, value: T) => (arg?: string): Promise<T> => {
      calls.push(arg === undefined ? name : `${name}(${arg})`);
      return Promise.resolve(value);
    };
    return {
      calls,
      actions: {
        finalize: note('finalize', undefined),
        waitForOwner: note('waitForOwner', undefined),
        delete: note('delete', undefined),
        tidy: note('tidy', undefined),
        create: note('create', 'created'),
        adopt: note('adopt', 'adopted'),
        addFinalizer: note('addFinalizer', 'finalized'),
        provision: note('provision', { requeueAfterMs: 5 }),
      },
    };
  };

  it('hands the object each step returns to the next, and ends with provisioning', async () => {
    const { actions, calls } = recording();
    expect(await runLifecycle(['adopt', 'provision'], 'found', actions)).toEqual({ requeueAfterMs: 5 });
    expect(calls).toEqual(['adopt(found)', 'provision(adopted)']);
    const created = recording();
    await runLifecycle(['create', 'provision'], undefined, created.actions);
    expect(created.calls).toEqual(['create', 'provision(created)']);
  });

  it('refuses a step that needs an object when there is none', async () => {
    await expect(runLifecycle(['provision'], undefined, recording().actions)).rejects.toThrow('needs an object');
  });
});
