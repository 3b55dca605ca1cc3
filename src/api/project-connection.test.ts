import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { validateAgainstSchema } from './schema/validate.test-support.js';
import {
  MAX_CONNECTION_PORTS,
  PORT_PROTOCOLS,
  projectConnectionCrd,
  projectConnectionSpecSchema,
  projectConnectionSpecWithDefaults,
  type ConnectionPort,
  type ProjectConnection,
  type ProjectConnectionSpec,
} from './project-connection.js';

const rootSchema = projectConnectionCrd.spec.versions[0]?.schema.openAPIV3Schema ?? {};

const valid: ProjectConnection = {
  apiVersion: 'sdn.kubesphere.io/v1alpha1',
  kind: 'ProjectConnection',
  metadata: { name: 'web-to-db' },
  spec: {
    from: { project: 'web' },
    to: { project: 'db' },
    bidirectional: false,
    ports: [{ protocol: 'TCP', port: 5432 }, { port: 30000, endPort: 30100 }, { protocol: 'SCTP', port: 9 }],
  },
  status: { phase: 'Ready', observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'PolicyApplied', message: '', lastTransitionTime: '2025-01-02T03:04:05Z' }] },
};

function withSpec(spec: Record<string, unknown>): unknown {
  return { ...valid, spec: { ...valid.spec, ...spec } };
}

describe('ProjectConnection schema', () => {
  it('accepts a complete object and one without ports', () => {
    expect(validateAgainstSchema(rootSchema, valid)).toEqual([]);
    expect(validateAgainstSchema(rootSchema, withSpec({ ports: undefined }))).toEqual([]);
    expect(validateAgainstSchema(rootSchema, withSpec({ ports: [] }))).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['a missing from', { ...valid, spec: { to: { project: 'db' } } }, 'spec'],
    ['a from without project', withSpec({ from: {} }), 'spec.from'],
    ['a project name that is not a namespace name', withSpec({ to: { project: 'DB_1' } }), 'spec.to.project'],
    ['an unknown protocol', withSpec({ ports: [{ protocol: 'ICMP', port: 1 }] }), 'spec.ports[0].protocol'],
    ['port 0', withSpec({ ports: [{ port: 0 }] }), 'spec.ports[0].port'],
    ['port 65536', withSpec({ ports: [{ port: 65536 }] }), 'spec.ports[0].port'],
    ['a named port', withSpec({ ports: [{ port: 'http' }] }), 'spec.ports[0].port'],
    ['a port entry without port', withSpec({ ports: [{ protocol: 'UDP' }] }), 'spec.ports[0]'],
    ['too many ports', withSpec({ ports: Array.from({ length: MAX_CONNECTION_PORTS + 1 }, (_, i) => ({ port: i + 1 })) }), 'spec.ports'],
    ['a non-boolean bidirectional', withSpec({ bidirectional: 'yes' }), 'spec.bidirectional'],
  ])('rejects %s', (_name, object, path) => {
    expect(validateAgainstSchema(rootSchema, object).map((violation) => violation.path)).toContain(path);
  });
});

describe('projectConnectionSpecWithDefaults', () => {
  it.each<[string, ProjectConnectionSpec, ReturnType<typeof projectConnectionSpecWithDefaults>]>([
    ['defaults bidirectional to true', { from: { project: 'a' }, to: { project: 'b' } }, { from: { project: 'a' }, to: { project: 'b' }, bidirectional: true }],
    ['keeps bidirectional false', { from: { project: 'a' }, to: { project: 'b' }, bidirectional: false }, { from: { project: 'a' }, to: { project: 'b' }, bidirectional: false }],
    [
      'defaults the protocol of every port',
      { from: { project: 'a' }, to: { project: 'b' }, ports: [{ port: 53 }, { protocol: 'UDP', port: 53 }] },
      { from: { project: 'a' }, to: { project: 'b' }, bidirectional: true, ports: [{ protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 53 }] },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(projectConnectionSpecWithDefaults(spec)).toEqual(expected);
  });

  const ports: fc.Arbitrary<ConnectionPort> = fc
    .record(
      { protocol: fc.constantFrom(...PORT_PROTOCOLS), port: fc.integer({ min: 1, max: 65535 }), span: fc.integer({ min: 0, max: 1000 }) },
      { requiredKeys: ['port', 'span'] },
    )
    .map(({ span, ...port }) => (span === 0 ? port : { ...port, endPort: Math.min(65535, port.port + span) }));
  const specs: fc.Arbitrary<ProjectConnectionSpec> = fc.record(
    {
      from: fc.constant({ project: 'a' }),
      to: fc.constant({ project: 'b' }),
      bidirectional: fc.boolean(),
      ports: fc.array(ports, { maxLength: MAX_CONNECTION_PORTS }),
    },
    { requiredKeys: ['from', 'to'] },
  );

  it('always yields a valid spec with every default filled, idempotently, without touching the input', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const before = structuredClone(spec);
        const defaulted = projectConnectionSpecWithDefaults(spec);
        expect(validateAgainstSchema(projectConnectionSpecSchema.openApi, defaulted)).toEqual([]);
        expect(projectConnectionSpecWithDefaults(defaulted)).toEqual(defaulted);
        expect(defaulted.bidirectional).toBe(spec.bidirectional ?? true);
        expect(defaulted.ports?.every((port) => PORT_PROTOCOLS.includes(port.protocol))).not.toBe(false);
        expect(spec).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});
