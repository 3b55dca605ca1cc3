import { describe, expect, it } from '@jest/globals';
import { formatPort, parsePortSpec, type PortSpecResult } from './port-spec.js';

describe('parsePortSpec', () => {
  const cases: [string, PortSpecResult][] = [
    ['tcp/80', { ok: true, port: { protocol: 'TCP', port: 80 } }],
    ['TCP/80', { ok: true, port: { protocol: 'TCP', port: 80 } }],
    ['udp/53', { ok: true, port: { protocol: 'UDP', port: 53 } }],
    ['sctp/9', { ok: true, port: { protocol: 'SCTP', port: 9 } }],
    ['443', { ok: true, port: { protocol: 'TCP', port: 443 } }],
    [' tcp/8000-8080 ', { ok: true, port: { protocol: 'TCP', port: 8000, endPort: 8080 } }],
    ['tcp/7-7', { ok: true, port: { protocol: 'TCP', port: 7 } }],
    ['1-65535', { ok: true, port: { protocol: 'TCP', port: 1, endPort: 65535 } }],
    ['icmp/1', { ok: false, message: 'invalid port "icmp/1": protocol must be tcp, udp or sctp' }],
    ['tcp/0', { ok: false, message: 'invalid port "tcp/0": 0 is not between 1 and 65535' }],
    ['tcp/65536', { ok: false, message: 'invalid port "tcp/65536": 65536 is not between 1 and 65535' }],
    ['tcp/90-80', { ok: false, message: 'invalid port "tcp/90-80": the range ends before it starts' }],
    ['tcp/', { ok: false, message: 'invalid port "tcp/": expected PROTOCOL/PORT or PROTOCOL/FIRST-LAST, e.g. tcp/80 or udp/5000-5010' }],
    ['http', { ok: false, message: 'invalid port "http": expected PROTOCOL/PORT or PROTOCOL/FIRST-LAST, e.g. tcp/80 or udp/5000-5010' }],
    ['tcp/80,81', { ok: false, message: 'invalid port "tcp/80,81": expected PROTOCOL/PORT or PROTOCOL/FIRST-LAST, e.g. tcp/80 or udp/5000-5010' }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parsePortSpec(text)).toEqual(expected);
  });
});

describe('formatPort', () => {
  const cases: [Parameters<typeof formatPort>[0], string][] = [
    [{ port: 80 }, 'TCP/80'],
    [{ protocol: 'UDP', port: 53 }, 'UDP/53'],
    [{ protocol: 'TCP', port: 8000, endPort: 8080 }, 'TCP/8000-8080'],
    [{ protocol: 'SCTP', port: 9, endPort: 9 }, 'SCTP/9'],
  ];
  it.each(cases)('%j -> %s', (port, text) => {
    expect(formatPort(port)).toBe(text);
  });

  it('reads back what it writes', () => {
    for (const text of ['TCP/80', 'UDP/5000-5010', 'SCTP/1']) {
      const parsed = parsePortSpec(text);
      expect(parsed.ok && formatPort(parsed.port)).toBe(text);
    }
  });
});
