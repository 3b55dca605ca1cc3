import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CanonicalPort } from './allowance.js';
import { allowanceKey, allowanceOfPorts, canonicalPorts, unionAllowances } from './allowance.js';
import type { PortRange, Protocol } from './model.js';

const admits = (ports: readonly PortRange[], protocol: Protocol, port: number) =>
  ports.some((p) => (p.protocol ?? 'TCP') === protocol && p.port <= port && port <= (p.endPort ?? p.port));

describe('canonicalPorts', () => {
  it.each<[string, PortRange[], CanonicalPort[]]>([
    ['defaults the protocol to TCP', [{ port: 80 }], [{ protocol: 'TCP', port: 80 }]],
    ['drops a one-port endPort', [{ port: 80, endPort: 80 }], [{ protocol: 'TCP', port: 80 }]],
    ['sorts by protocol then port', [{ protocol: 'UDP', port: 53 }, { port: 443 }, { port: 80 }], [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }, { protocol: 'UDP', port: 53 }]],
    ['merges overlapping ranges', [{ port: 10, endPort: 20 }, { port: 15, endPort: 30 }], [{ protocol: 'TCP', port: 10, endPort: 30 }]],
    ['merges adjacent ports', [{ port: 81 }, { port: 80 }], [{ protocol: 'TCP', port: 80, endPort: 81 }]],
    ['keeps protocols apart', [{ port: 53 }, { protocol: 'UDP', port: 53 }], [{ protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 53 }]],
    ['keeps gaps', [{ port: 80 }, { port: 82 }], [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 82 }]],
  ])('%s', (_name, input, expected) => {
    expect(canonicalPorts(input)).toStrictEqual(expected);
  });

  const portRange = fc
    .record({ protocol: fc.constantFrom<Protocol | undefined>('TCP', 'UDP', 'SCTP', undefined), port: fc.integer({ min: 1, max: 60 }), span: fc.integer({ min: 0, max: 8 }) })
    .map(({ protocol, port, span }): PortRange => ({ ...(protocol === undefined ? {} : { protocol }), port, ...(span === 0 ? {} : { endPort: port + span }) }));

  it('admits exactly the ports its input admits, and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(portRange, { maxLength: 6 }), fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP'), fc.integer({ min: 0, max: 70 }), (ranges, protocol, port) => {
        const canonical = canonicalPorts(ranges);
        expect(admits(canonical, protocol, port)).toBe(admits(ranges, protocol, port));
        expect(canonicalPorts(canonical)).toStrictEqual(canonical);
      }),
      { numRuns: 500 },
    );
  });

  it('unions allowances like sets of ports', () => {
    fc.assert(
      fc.property(fc.array(portRange, { maxLength: 4 }), fc.array(portRange, { maxLength: 4 }), fc.integer({ min: 1, max: 70 }), (a, b, port) => {
        const union = unionAllowances(allowanceOfPorts(a), allowanceOfPorts(b));
        const either = a.length === 0 || b.length === 0 || admits(a, 'TCP', port) || admits(b, 'TCP', port);
        expect(union.kind === 'all' || (union.kind === 'ports' && admits(union.ports, 'TCP', port))).toBe(either);
        expect(allowanceKey(union)).toBe(allowanceKey(unionAllowances(allowanceOfPorts(b), allowanceOfPorts(a))));
      }),
      { numRuns: 300 },
    );
  });
});
