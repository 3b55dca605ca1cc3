import { describe, expect, it } from '@jest/globals';
import { nextBundle, planCertificates, servingValidity, type CertificatePolicy, type StoredCertificates } from './certificate-plan.js';

const S = 1000;
const policy: CertificatePolicy = { caValidityMs: 300 * S, certValidityMs: 30 * S, renewBeforeRatio: 1 / 3, caPropagationDelayMs: 10 * S };
const at = (seconds: number): Date => new Date(Date.UTC(2030, 0, 1) + seconds * S);
const NAMES = ['DNS:webhook.ns.svc', 'IP:127.0.0.1'];

function stored(overrides: { ca?: [number, number]; serving?: [number, number]; names?: string[]; byCurrent?: boolean; bundleSince?: number } = {}): StoredCertificates {
  const [caFrom, caTo] = overrides.ca ?? [0, 300];
  const [from, to] = overrides.serving ?? [0, 30];
  return {
    ca: { notBefore: at(caFrom), notAfter: at(caTo) },
    serving: { notBefore: at(from), notAfter: at(to), subjectAltNames: overrides.names ?? NAMES, issuedByCurrentCa: overrides.byCurrent ?? true },
    ...(overrides.bundleSince === undefined ? {} : { bundleSince: at(overrides.bundleSince) }),
  };
}

describe('planCertificates', () => {
  it.each([
    ['nothing stored', undefined, 0, { kind: 'create' }],
    ['no CA', { serving: stored().serving }, 0, { kind: 'create' }],
    ['CA expired', stored(), 300, { kind: 'create' }],
    ['CA in its last third', stored({ serving: [195, 225] }), 200, { kind: 'rotate-ca' }],
    ['no serving certificate', { ca: stored().ca }, 1, { kind: 'renew-serving', reason: 'Missing' }],
    ['serving certificate expired', stored(), 30, { kind: 'renew-serving', reason: 'Missing' }],
    ['serving certificate in its last third', stored(), 20, { kind: 'renew-serving', reason: 'Expiring' }],
    ['names changed', stored({ names: ['DNS:old.ns.svc'] }), 1, { kind: 'renew-serving', reason: 'NamesChanged' }],
    ['same names in another order', stored({ names: [...NAMES].reverse() }), 1, { kind: 'none', recheckAt: at(20) }],
    ['healthy: recheck at the serving renewal', stored(), 5, { kind: 'none', recheckAt: at(20) }],
    ['healthy: recheck at the CA renewal when sooner', stored({ serving: [190, 220] }), 195, { kind: 'none', recheckAt: at(200) }],
    ['new CA not yet propagated', stored({ byCurrent: false, bundleSince: 100, serving: [95, 125] }), 105, { kind: 'none', recheckAt: at(110) }],
    ['new CA propagated', stored({ byCurrent: false, bundleSince: 100, serving: [95, 125] }), 110, { kind: 'renew-serving', reason: 'NewCa' }],
    ['new CA, serving certificate expiring first', stored({ byCurrent: false, bundleSince: 100, serving: [80, 110] }), 101, { kind: 'renew-serving', reason: 'NewCa' }],
  ] as const)('%s', (_name, state, second, action) => {
    expect(planCertificates(state, NAMES, at(second), policy)).toEqual(action);
  });

  it('walks a CA through its whole life without a gap in trust (simulation)', () => {
    // Each step applies the planned action like the manager does and checks that the serving
    // certificate in use is always valid and signed by a CA in the trust bundle.
    type Ca = { id: number; notBefore: Date; notAfter: Date; pem: string };
    let ca: Ca = { id: 0, notBefore: at(0), notAfter: at(300), pem: 'ca0' };
    let bundle: Ca[] = [ca];
    let bundleSince = at(0);
    let serving = { ...servingValidity(at(0), ca, policy), issuer: 0 };
    const actions: string[] = [];
    for (let second = 0; second <= 1000; second++) {
      const now = at(second);
      const action = planCertificates({ ca, serving: { ...serving, subjectAltNames: NAMES, issuedByCurrentCa: serving.issuer === ca.id }, bundleSince }, NAMES, now, policy);
      if (action.kind === 'rotate-ca' || action.kind === 'create') {
        ca = { id: ca.id + 1, notBefore: now, notAfter: new Date(now.getTime() + policy.caValidityMs), pem: `ca${ca.id + 1}` };
        bundle = nextBundle(ca, bundle, now);
        bundleSince = now;
      } else if (action.kind === 'renew-serving') {
        serving = { ...servingValidity(now, ca, policy), issuer: ca.id };
      }
      if (action.kind !== 'none') actions.push(`${second}:${action.kind}${action.kind === 'renew-serving' ? `:${action.reason}` : ''}`);
      expect(serving.notAfter > now).toBe(true);
      expect(bundle.some((c) => c.id === serving.issuer && c.notAfter > now)).toBe(true);
    }
    expect(actions).toContain('200:rotate-ca');
    // The first certificate from the new CA: once the bundle propagated, or sooner if the old one expires.
    const firstFromNewCa = Number(actions.find((a) => a.endsWith(':NewCa'))?.split(':')[0]);
    expect(firstFromNewCa).toBeGreaterThan(200);
    expect(firstFromNewCa).toBeLessThanOrEqual(210);
    expect(actions.filter((a) => a.endsWith('Expiring')).length).toBeGreaterThan(40);
  });
});

describe('nextBundle', () => {
  it('puts the current CA first and drops expired and duplicate ones', () => {
    const c = (pem: string, second: number) => ({ pem, notAfter: at(second) });
    expect(nextBundle(c('new', 900), [c('new', 900), c('old', 500), c('dead', 50)], at(100)).map((x) => x.pem)).toEqual(['new', 'old']);
  });
});
