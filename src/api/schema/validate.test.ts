import { describe, expect, it } from '@jest/globals';
import type { OpenApiSchema } from './openapi.js';
import { validateAgainstSchema } from './validate.test-support.js';

const schema: OpenApiSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    metadata: { type: 'object' },
    name: { type: 'string', minLength: 1, maxLength: 3, pattern: '^[a-z]+$' },
    size: { type: 'integer', minimum: 1, maximum: 9 },
    mode: { type: 'string', enum: ['A', 'B'] },
    when: { type: 'string', format: 'date-time' },
    tags: { type: 'array', maxItems: 2, 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
    ports: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port'],
      items: { type: 'object', properties: { port: { type: 'integer' } } },
    },
    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    map: { type: 'object', additionalProperties: { type: 'boolean' } },
    intOrString: { 'x-kubernetes-int-or-string': true },
    nullableText: { type: 'string', nullable: true },
  },
};

describe('validateAgainstSchema', () => {
  it('accepts a valid value, ignoring what is inside the root metadata', () => {
    const value = {
      metadata: { name: 'anything', labels: { a: 'b' } },
      name: 'abc',
      size: 9,
      mode: 'B',
      when: '2024-05-01T10:00:00Z',
      tags: ['x', 'y'],
      ports: [{ port: 1 }, { port: 2 }],
      free: { anything: { goes: true } },
      map: { a: true },
      intOrString: '50%',
      nullableText: null,
    };
    expect(validateAgainstSchema(schema, value)).toEqual([]);
  });

  it.each<[string, unknown, string, string]>([
    ['missing required field', {}, '<root>', 'requires field name'],
    ['wrong type', { name: 5 }, 'name', 'must be of type string'],
    ['too long (counted in characters)', { name: 'abcd' }, 'name', 'must have at most 3 characters'],
    ['pattern', { name: 'A' }, 'name', 'must match ^[a-z]+$'],
    ['non-integer', { name: 'a', size: 1.5 }, 'size', 'must be of type integer'],
    ['below minimum', { name: 'a', size: 0 }, 'size', 'must be at least 1'],
    ['above maximum', { name: 'a', size: 10 }, 'size', 'must be at most 9'],
    ['enum', { name: 'a', mode: 'C' }, 'mode', 'must be one of "A", "B"'],
    ['date-time', { name: 'a', when: 'yesterday' }, 'when', 'must be an RFC 3339 date-time'],
    ['maxItems', { name: 'a', tags: ['x', 'y', 'z'] }, 'tags', 'must have at most 2 items'],
    ['set duplicates', { name: 'a', tags: ['x', 'x'] }, 'tags', 'has a duplicate entry "x"'],
    ['map-list duplicate keys', { name: 'a', ports: [{ port: 1 }, { port: 1 }] }, 'ports', 'has a duplicate entry [1]'],
    ['nested path in arrays', { name: 'a', ports: [{ port: 'x' }] }, 'ports[0].port', 'must be of type integer'],
    ['unknown field', { name: 'a', other: 1 }, 'other', 'is not a known field (the apiserver would drop it)'],
    ['additionalProperties schema', { name: 'a', map: { a: 1 } }, 'map.a', 'must be of type boolean'],
    ['int-or-string', { name: 'a', intOrString: 1.5 }, 'intOrString', 'must be an integer or a string'],
    ['null where not nullable', { name: null }, 'name', 'must not be null'],
    ['metadata must still be an object', { name: 'a', metadata: 'x' }, 'metadata', 'must be of type object'],
  ])('reports %s', (_name, value, path, message) => {
    expect(validateAgainstSchema(schema, value)).toContainEqual({ path, message });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateAgainstSchema({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
  });
});
