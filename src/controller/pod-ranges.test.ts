import { describe, expect, it } from '@jest/globals';
import { clusterPodRanges } from './pod-ranges.js';

describe('clusterPodRanges', () => {
  it.each([
    ['the pool alone', { vpcPool: ['10.128.0.0/10'], configured: [] }, ['10.128.0.0/10']],
    ['configured and discovered ranges join it, sorted, each once', { vpcPool: ['10.128.0.0/10'], configured: ['10.244.0.0/16', '192.168.0.0/16'], discovered: ['192.168.0.0/16', '10.0.0.0/24'] }, ['10.0.0.0/24', '10.128.0.0/10', '10.244.0.0/16', '192.168.0.0/16']],
  ])('%s', (_name, sources, expected) => {
    expect(clusterPodRanges(sources)).toEqual(expected);
  });
});
