import { describe, expect, it } from '@jest/globals';
import { VerifiedCache } from './verified-cache.js';

describe('VerifiedCache', () => {
  it('answers within the TTL and forgets after it', () => {
    let now = 1000;
    const cache = new VerifiedCache<string>(500, () => now);
    cache.set('a', 'rtr-1');
    now += 499;
    expect(cache.get('a')).toBe('rtr-1');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops an entry on delete', () => {
    const cache = new VerifiedCache<string>(60_000);
    cache.set('a', 'rtr-1');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('remembers nothing with a TTL of 0', () => {
    const cache = new VerifiedCache<string>(0);
    cache.set('a', 'rtr-1');
    expect(cache.get('a')).toBeUndefined();
  });
});
