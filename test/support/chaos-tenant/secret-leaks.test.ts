import { describe, expect, it } from '@jest/globals';
import { findSecretLeaks, secretForms } from './secret-leaks.js';

const SECRET = 'Sk+3/a=b&c%Zq9XyWv';

describe('findSecretLeaks', () => {
  const SLASHY = 'Sk?>3/a=b&c?>Zq9XyWv';
  const QUOTED = 'Sk"3\\aZq9XyWv';
  it.each([
    ['plain', SECRET, `key=${SECRET} end`],
    ['url-encoded', SECRET, `GET /iaas/?k=${encodeURIComponent(SECRET)}&x=1`],
    ['json-escaped', QUOTED, JSON.stringify({ k: QUOTED })],
    ['hex', SECRET, `dump ${Buffer.from(SECRET).toString('hex').toUpperCase()}`],
    ['base64', SECRET, Buffer.from(SECRET).toString('base64')],
    ['base64', SECRET, Buffer.from(`x${SECRET}`).toString('base64')],
    ['base64', SECRET, Buffer.from(`xy${SECRET}yz`).toString('base64')],
    ['base64', SECRET, Buffer.from(`user:${SECRET}`).toString('base64')],
    ['base64url', SLASHY, Buffer.from(SLASHY).toString('base64url')],
  ])('finds the %s form', (form, secret, text) => {
    expect(findSecretLeaks([{ source: 's', text }], secret).map((l) => l.form)).toContain(form);
  });

  it.each([
    ['a different secret', 'Sk+3/a=b&c%Zq9XyWw'],
    ['a prefix only', SECRET.slice(0, 10)],
    ['its base64 prefix only', Buffer.from(SECRET).toString('base64').slice(0, 6)],
    ['nothing', ''],
  ])('stays quiet for %s', (_name, text) => {
    expect(findSecretLeaks([{ source: 's', text }], SECRET)).toEqual([]);
  });

  it('names the source of each leak', () => {
    const leaks = findSecretLeaks([{ source: 'stdout', text: 'clean' }, { source: 'event', text: SECRET }], SECRET);
    expect(leaks).toEqual([{ source: 'event', form: 'plain' }]);
  });

  it('refuses secrets too short to search for', () => {
    expect(() => secretForms('short')).toThrow('shorter than 8');
  });
});
