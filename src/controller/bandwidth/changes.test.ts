import { describe, expect, it } from '@jest/globals';
import { bandwidthChangeNote, carriesOldLimit } from './changes.js';

const IN = 'kubernetes.io/ingress-bandwidth';

describe('carriesOldLimit', () => {
  it.each([
    ['lowered: pod has the old value', { [IN]: '100M' }, { ingress: 100e6 }, { ingress: 50e6 }, true],
    ['lowered: pod chose less than the new limit', { [IN]: '10M' }, { ingress: 100e6 }, { ingress: 50e6 }, false],
    ['raised: pod has the old value', { [IN]: '50M' }, { ingress: 50e6 }, { ingress: 100e6 }, true],
    ['added: pod has none', {}, {}, { ingress: 50e6 }, true],
    ['added: pod is above it', { [IN]: '1G' }, {}, { ingress: 50e6 }, true],
    ['removed: pod has the old value', { [IN]: '50M' }, { ingress: 50e6 }, {}, true],
    ['removed: pod has its own value', { [IN]: '5M' }, { ingress: 50e6 }, {}, false],
    ['other direction changed only', { [IN]: '50M' }, { ingress: 50e6 }, { ingress: 50e6, egress: 1e6 }, true],
    ['nothing changed', { [IN]: '50M' }, { ingress: 50e6 }, { ingress: 50e6 }, false],
  ])('%s → %s', (_name, annotations, before, after, expected) => {
    expect(carriesOldLimit(annotations, before, after, ['kubernetes'])).toBe(expected);
  });
});

describe('bandwidthChangeNote', () => {
  it('names both directions and the count', () => {
    expect(bandwidthChangeNote({ ingress: 100e6 }, { ingress: 50e6 }, 3)).toBe(
      'bandwidth limit changed: ingress 100M → 50M, egress unlimited (unchanged); new pods get the new limit, 3 existing pod(s) keep the old one until they are re-created',
    );
  });
});
