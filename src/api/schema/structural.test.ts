import { describe, expect, it } from '@jest/globals';
import type { OpenApiSchema } from './openapi.js';
import { findStructuralProblems } from './structural.test-support.js';

const lenient = { ownSchemaRules: false };
const strict = { ownSchemaRules: true };

function root(spec: OpenApiSchema): OpenApiSchema {
  return { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec } };
}

describe('findStructuralProblems', () => {
  it('accepts a structural schema', () => {
    expect(findStructuralProblems(root({ type: 'object', properties: { a: { type: 'string' } } }), lenient)).toEqual([]);
  });

  it.each<[string, OpenApiSchema, string]>([
    ['a node without type', root({ type: 'object', properties: { a: {} } }), '<root>.spec.a: has no type'],
    [
      'properties together with additionalProperties',
      root({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }),
      '<root>.spec: has both properties and additionalProperties',
    ],
    ['an array without items', root({ type: 'array' }), '<root>.spec: is an array without items'],
    ['properties on a non-object', root({ type: 'string', properties: {} }), '<root>.spec: has properties but is not an object'],
    ['a required field that does not exist', root({ type: 'object', properties: {}, required: ['x'] }), '<root>.spec: requires x, which is not a property'],
    ['an invalid default', root({ type: 'integer', maximum: 5, default: 9 }), '<root>.spec: default must be at most 5'],
    ['an enum value of the wrong type', root({ type: 'string', enum: ['a', 1] }), '<root>.spec: enum value 1 must be of type string'],
    [
      'a map list whose key is neither required nor defaulted',
      root({
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['k'],
        items: { type: 'object', properties: { k: { type: 'string' } } },
      }),
      '<root>.spec: map key k must be required or have a default',
    ],
    [
      'a set of objects',
      root({ type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object', properties: {} } }),
      '<root>.spec: is a set of non-scalar items',
    ],
    [
      'metadata constraints beyond name',
      { type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } },
      'metadata: may only constrain name and generateName, not labels',
    ],
  ])('reports %s', (_name, schema, problem) => {
    expect(findStructuralProblems(schema, lenient)).toContain(problem);
  });

  it('enforces the house rules only when asked', () => {
    const loose = root({ type: 'object', description: 'd', properties: { s: { type: 'string' }, l: { type: 'array', items: { type: 'string', enum: ['a'] } } } });
    expect(findStructuralProblems(loose, lenient)).toEqual([]);
    expect(findStructuralProblems(loose, strict)).toEqual([
      '<root>.spec.s: has no description',
      '<root>.spec.s: is a string without maxLength (CEL cost estimates need one)',
      '<root>.spec.l: has no description',
      '<root>.spec.l: is an array without maxItems (CEL cost estimates need one)',
      '<root>.spec.l[]: has no description',
    ]);
  });

  it('requires a message on every CEL rule under the house rules', () => {
    const schema = root({ type: 'object', description: 'd', properties: {}, 'x-kubernetes-validations': [{ rule: 'true' }] });
    expect(findStructuralProblems(schema, strict)).toEqual(['<root>.spec: CEL rule "true" has no message']);
  });
});
