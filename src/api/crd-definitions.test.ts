import { describe, expect, it } from '@jest/globals';
import { API_GROUP } from './constants.js';
import type { CustomResourceDefinition } from './crd.js';
import { PROVIDER_NAMES } from '../providers/registry.js';
import { allCrds } from './crd-files.js';
import type { OpenApiSchema } from './schema/openapi.js';
import { findStructuralProblems } from './schema/structural.test-support.js';

const crds = allCrds(PROVIDER_NAMES).map(({ crd }) => [crd.metadata.name, crd] as const);
const ownCrds = crds.filter(([, crd]) => crd.spec.group === API_GROUP);

/**
 * The schema node a JSONPath (`.a.b`, or `.a[?(@.type=="Ready")].b` through a list's items) names,
 * or undefined; ObjectMeta is not in CRD schemas.
 */
function nodeAt(root: OpenApiSchema, jsonPath: string): OpenApiSchema | 'metadata' | undefined {
  const segments = jsonPath.replace(/\[\?\([^)]*\)\]/g, '[]').split('.').slice(1);
  if (segments[0] === 'metadata') return 'metadata';
  let node: OpenApiSchema | undefined = root;
  for (const segment of segments) {
    node = segment.endsWith('[]') ? node?.properties?.[segment.slice(0, -2)]?.items : node?.properties?.[segment];
  }
  return node;
}

/** Every CEL rule with the node that carries it. */
function rulesWithNodes(node: OpenApiSchema): [OpenApiSchema, NonNullable<OpenApiSchema['x-kubernetes-validations']>[number]][] {
  const own = (node['x-kubernetes-validations'] ?? []).map((rule) => [node, rule] as [OpenApiSchema, typeof rule]);
  const children = [...Object.values(node.properties ?? {}), ...(node.items === undefined ? [] : [node.items])];
  return [...own, ...children.flatMap(rulesWithNodes)];
}

function schemas(crd: CustomResourceDefinition): [string, OpenApiSchema][] {
  return crd.spec.versions.map((version) => [version.name, version.schema.openAPIV3Schema]);
}

describe('CRD definitions', () => {
  it.each(crds)('%s has structural schemas', (_name, crd) => {
    for (const [, schema] of schemas(crd)) expect(findStructuralProblems(schema, { ownSchemaRules: false })).toEqual([]);
  });

  it.each(ownCrds)('%s follows the house rules (bounded strings and lists, descriptions, messages)', (_name, crd) => {
    for (const [, schema] of schemas(crd)) expect(findStructuralProblems(schema, { ownSchemaRules: true })).toEqual([]);
  });

  it.each(crds)('%s has exactly one storage version, all served, and a consistent name', (_name, crd) => {
    expect(crd.spec.versions.filter((version) => version.storage)).toHaveLength(1);
    expect(crd.spec.versions.every((version) => version.served)).toBe(true);
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`);
    expect(crd.spec.names.listKind).toBe(`${crd.spec.names.kind}List`);
    expect(crd.spec.names.singular).toBe(crd.spec.names.kind.toLowerCase());
    expect(crd.spec.scope).toBe('Cluster');
  });

  it.each(ownCrds)('%s: printer columns, selectable fields and CEL field paths name real fields', (_name, crd) => {
    for (const version of crd.spec.versions) {
      const root = version.schema.openAPIV3Schema;
      for (const column of version.additionalPrinterColumns ?? []) {
        const node = nodeAt(root, column.jsonPath);
        expect({ column: column.name, found: node !== undefined }).toEqual({ column: column.name, found: true });
        if (node !== undefined && node !== 'metadata') {
          expect({ column: column.name, type: node.type }).toEqual({ column: column.name, type: column.type });
        }
      }
      for (const field of version.selectableFields ?? []) {
        const node = nodeAt(root, field.jsonPath);
        expect(node !== undefined && node !== 'metadata' && node.type === 'string').toBe(true);
      }
      for (const [node, rule] of rulesWithNodes(root)) {
        if (rule.fieldPath !== undefined) expect({ rule: rule.rule, found: nodeAt(node, rule.fieldPath) !== undefined }).toEqual({ rule: rule.rule, found: true });
      }
    }
  });

  it.each(ownCrds)('%s has a status subresource, short name, the tenantnet category and Age/Phase/Ready/Reason columns', (_name, crd) => {
    const [version] = crd.spec.versions;
    expect(version?.subresources).toEqual({ status: {} });
    expect(crd.spec.names.shortNames?.length).toBe(1);
    expect(crd.spec.names.categories).toEqual(['tenantnet']);
    const columns = (version?.additionalPrinterColumns ?? []).filter((column) => (column.priority ?? 0) === 0).map((column) => column.name);
    expect(columns.slice(-4)).toEqual(['Phase', 'Ready', 'Reason', 'Age']);
    expect(version?.additionalPrinterColumns?.find((c) => c.name === 'Reason')?.jsonPath).toBe('.status.conditions[?(@.type=="Ready")].reason');
  });
});
