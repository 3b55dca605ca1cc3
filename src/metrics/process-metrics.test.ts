import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { registerProcessMetrics } from './process-metrics.js';

describe('registerProcessMetrics', () => {
  it('exposes resident memory, CPU time and heap figures of this process', async () => {
    const registry = new Registry();
    registerProcessMetrics(registry);
    const text = await registry.metrics();
    const rss = /^process_resident_memory_bytes (\d+)/m.exec(text);
    expect(Number(rss?.[1])).toBeGreaterThan(1024 * 1024);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });
});
