import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { createReconcilerMetrics, RECONCILER_METRIC_NAMES } from './reconciler-metrics.js';

describe('createReconcilerMetrics', () => {
  it('counts exhausted allocations per kind', async () => {
    const registry = new Registry();
    const metrics = createReconcilerMetrics(registry);
    metrics.poolExhausted('subnet');
    metrics.poolExhausted('subnet');
    metrics.poolExhausted('vpc');
    const text = await registry.metrics();
    expect(text).toContain(`${RECONCILER_METRIC_NAMES.exhausted}{kind="subnet"} 2`);
    expect(text).toContain(`${RECONCILER_METRIC_NAMES.exhausted}{kind="vpc"} 1`);
  });
});
