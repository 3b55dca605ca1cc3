import { describe, expect, it } from '@jest/globals';
import { silentLogger } from '../util/logger.js';
import { periodicController } from './periodic.js';

describe('periodicController', () => {
  it.each([
    ['at once', undefined, 0],
    ['after the first delay', 150, 150],
  ])('runs %s, then again after the delay each run returns', async (_name, firstRunAfterMs, firstAtLeastMs) => {
    const started = performance.now();
    const runs: number[] = [];
    const controller = periodicController({
      name: 'tick',
      log: silentLogger(),
      ...(firstRunAfterMs === undefined ? {} : { firstRunAfterMs }),
      run: () => {
        runs.push(performance.now() - started);
        return Promise.resolve(100);
      },
    });
    controller.start();
    await new Promise((resolve) => setTimeout(resolve, firstAtLeastMs + 160));
    await controller.stop();
    expect(runs).toHaveLength(2);
    expect(runs[0]).toBeGreaterThanOrEqual(firstAtLeastMs - 5);
    expect((runs[1] ?? 0) - (runs[0] ?? 0)).toBeGreaterThanOrEqual(95);
  });
});
