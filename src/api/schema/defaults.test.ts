import { describe, expect, it } from '@jest/globals';
import type { OpenApiSchema } from './openapi.js';
import { applySchemaDefaults } from './defaults.js';

const schema: OpenApiSchema = {
  type: 'object',
  properties: {
    mode: { type: 'string', default: 'Allow' },
    size: { type: 'integer', default: 24 },
    note: { type: 'string' },
    nested: { type: 'object', properties: { flag: { type: 'boolean', default: true } } },
    list: { type: 'array', items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' }, port: { type: 'integer' } } } },
    labels: { type: 'object', additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: false } } } },
    maybe: { type: 'string', nullable: true, default: 'x' },
  },
};

describe('applySchemaDefaults', () => {
  it.each<[string, unknown, unknown]>([
    ['fills absent fields', {}, { mode: 'Allow', size: 24, maybe: 'x' }],
    ['keeps values that are set', { mode: 'Deny', size: 16, maybe: 'y' }, { mode: 'Deny', size: 16, maybe: 'y' }],
    ['treats null in a non-nullable field as absent', { mode: null, note: null }, { mode: 'Allow', size: 24, maybe: 'x' }],
    ['keeps null where the field is nullable', { maybe: null }, { mode: 'Allow', size: 24, maybe: null }],
    ['defaults inside objects that are present only', { nested: {} }, { mode: 'Allow', size: 24, maybe: 'x', nested: { flag: true } }],
    [
      'defaults every array item',
      { list: [{ port: 1 }, { port: 2, protocol: 'UDP' }] },
      { mode: 'Allow', size: 24, maybe: 'x', list: [{ port: 1, protocol: 'TCP' }, { port: 2, protocol: 'UDP' }] },
    ],
    ['defaults map values', { labels: { a: {} } }, { mode: 'Allow', size: 24, maybe: 'x', labels: { a: { on: false } } }],
    ['keeps unknown fields (pruning is not defaulting)', { extra: 1 }, { extra: 1, mode: 'Allow', size: 24, maybe: 'x' }],
  ])('%s', (_name, input, expected) => {
    expect(applySchemaDefaults(schema, input)).toEqual(expected);
  });

  it('leaves scalars and values without a schema alone', () => {
    expect(applySchemaDefaults({ type: 'string', default: 'x' }, 'y')).toBe('y');
    expect(applySchemaDefaults({ type: 'array' }, [1, 2])).toEqual([1, 2]);
  });

  it('never mutates its input or shares default objects between results', () => {
    const input = { list: [{ port: 1 }] };
    const frozen = structuredClone(input);
    const withObjectDefault: OpenApiSchema = { type: 'object', properties: { o: { type: 'object', default: { a: 1 } } } };
    const first = applySchemaDefaults(withObjectDefault, {}) as { o: { a: number } };
    first.o.a = 2;
    expect(applySchemaDefaults(schema, input)).not.toBe(input);
    expect(input).toEqual(frozen);
    expect(applySchemaDefaults(withObjectDefault, {})).toEqual({ o: { a: 1 } });
  });
});
