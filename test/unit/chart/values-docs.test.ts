// values.yaml documents every option, and values.schema.json describes exactly the options
// values.yaml has (no undocumented option, no schema entry for an option that does not exist).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { CHART_DIR } from '../../support/helm.js';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
}

const document = parseDocument(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));
const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as SchemaNode;

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

function hasComment(pair: Pair, index: number, parent: YAMLMap): boolean {
  const before = isScalar(pair.key) ? pair.key.commentBefore : undefined;
  // The yaml library hangs the comment above a map's first key on the map.
  return (before ?? (index === 0 ? parent.commentBefore : undefined) ?? '').trim() !== '';
}

/**
 * Options without a comment. A section (a map the schema lists the properties of) is checked
 * option by option and needs no comment of its own; anything else — a scalar, a list, a free-form
 * map like resources — needs one.
 */
function uncommented(map: YAMLMap, node: SchemaNode, path: string): string[] {
  return map.items.flatMap((pair, index) => {
    const name = `${path}${keyOf(pair)}`;
    const child = node.properties?.[keyOf(pair)];
    if (child?.properties !== undefined && isMap(pair.value)) return uncommented(pair.value, child, `${name}.`);
    return hasComment(pair, index, map) ? [] : [name];
  });
}

/** Option paths of values.yaml down to where the schema stops listing properties. */
function mismatches(map: YAMLMap, node: SchemaNode, path: string): string[] {
  const problems: string[] = [];
  const keys = map.items.map((p) => keyOf(p));
  const declared = Object.keys(node.properties ?? {}).filter((k) => !(path === '' && k === 'global'));
  for (const key of keys) if (!declared.includes(key)) problems.push(`not in the schema: ${path}${key}`);
  for (const key of declared) if (!keys.includes(key)) problems.push(`in the schema only: ${path}${key}`);
  for (const pair of map.items) {
    const child = node.properties?.[keyOf(pair)];
    if (child?.properties !== undefined && isMap(pair.value)) problems.push(...mismatches(pair.value, child, `${path}${keyOf(pair)}.`));
  }
  return problems;
}

describe('values.yaml and values.schema.json', () => {
  const root = document.contents;
  if (!isMap(root)) throw new Error('values.yaml is not a map');

  it('comments every option', () => {
    expect(uncommented(root, schema, '')).toEqual([]);
  });

  it('the comment check notices a missing comment', () => {
    const bare = parseDocument('# section\na:\n  # documented\n  b: 1\n  c: 2\n# free-form\ne:\n  f: 1\nd: 3\n').contents;
    if (!isMap(bare)) throw new Error('not a map');
    const shape: SchemaNode = { properties: { a: { properties: { b: {}, c: {} } }, e: { type: 'object' }, d: {} } };
    expect(uncommented(bare, shape, '')).toEqual(['a.c', 'd']);
  });

  it('describes exactly the options values.yaml has, and refuses others', () => {
    expect(mismatches(root, schema, '')).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
  });
});
