// The field tables of docs/api-reference.md, generated from the CRDs the chart ships (src/api), so
// the reference cannot drift from the schema. Pure: CRD objects in, Markdown out.
import type { CustomResourceDefinition } from '../../../src/api/crd.js';
import type { CelRule, JsonValue, OpenApiSchema } from '../../../src/api/schema/openapi.js';

export const GENERATED_BEGIN = '<!-- BEGIN GENERATED FIELD TABLES (test/unit/cli/api-docs.ts; UPDATE_API_DOCS=1 to rewrite) -->';
export const GENERATED_END = '<!-- END GENERATED FIELD TABLES -->';

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue?: JsonValue;
  readonly constraints: string[];
  readonly description: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeOf(schema: OpenApiSchema): string {
  if (schema.type === 'array') return `[]${schema.items === undefined ? 'any' : typeOf(schema.items)}`;
  if (schema.type === 'string' && schema.format !== undefined) return `string (${schema.format})`;
  return schema.type ?? 'any';
}

function constraintsOf(schema: OpenApiSchema): string[] {
  const out: string[] = [];
  if (schema.enum !== undefined) out.push(`one of ${schema.enum.map((v) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``).join(', ')}`);
  if (schema.minimum !== undefined && schema.maximum !== undefined) out.push(`${schema.minimum}–${schema.maximum}`);
  else if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
  else if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  if (schema['x-kubernetes-list-type'] === 'map') out.push(`a map keyed by ${(schema['x-kubernetes-list-map-keys'] ?? []).join(', ')}`);
  return out;
}

/** Rules of a node, by the path (relative to the node) they report on; '' for the node itself. */
function rulesByTarget(schema: OpenApiSchema): Map<string, CelRule[]> {
  const map = new Map<string, CelRule[]>();
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    const target = rule.fieldPath ?? '';
    map.set(target, [...(map.get(target) ?? []), rule]);
  }
  return map;
}

function collect(schema: OpenApiSchema, path: string, required: boolean, inherited: Map<string, CelRule[]>, rows: Row[]): void {
  const own = rulesByTarget(schema);
  const rules = [...(own.get('') ?? []), ...(inherited.get(path) ?? [])];
  rows.push({
    path,
    type: typeOf(schema),
    required,
    ...(schema.default === undefined ? {} : { defaultValue: schema.default }),
    constraints: [...constraintsOf(schema), ...rules.map((r) => r.message ?? r.rule)],
    description: schema.description ?? '',
  });
  // Targets below this node, re-keyed by their full path.
  const below = new Map(inherited);
  for (const [target, list] of own) if (target !== '') below.set(`${path}${target}`, [...(below.get(`${path}${target}`) ?? []), ...list]);
  if (path.endsWith('.conditions')) return; // standard metav1.Condition, described once in the text
  const child = schema.type === 'array' ? schema.items : schema;
  const prefix = schema.type === 'array' ? `${path}[]` : path;
  for (const [name, property] of Object.entries(child?.properties ?? {})) {
    collect(property, `${prefix}.${name}`, (child?.required ?? []).includes(name), below, rows);
  }
}

function table(rows: readonly Row[]): string {
  const lines = ['| Field | Type | Default | Rules | Description |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    const field = `\`${r.path}\`${r.required ? ' (required)' : ''}`;
    const defaultValue = r.defaultValue === undefined ? '' : `\`${JSON.stringify(r.defaultValue)}\``;
    lines.push(`| ${cell(field)} | ${cell(r.type)} | ${cell(defaultValue)} | ${cell(r.constraints.join('; '))} | ${cell(r.description)} |`);
  }
  return lines.join('\n');
}

export function apiReferenceTables(crds: readonly CustomResourceDefinition[]): string {
  const sections: string[] = [];
  for (const crd of crds) {
    const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
    if (version === undefined) continue;
    const root = version.schema.openAPIV3Schema;
    const rootRules = rulesByTarget(root);
    const names = crd.spec.names;
    sections.push(`### ${names.kind}`);
    sections.push(
      [
        `\`${crd.spec.group}/${version.name}\`, ${crd.spec.scope.toLowerCase()}-scoped; plural \`${names.plural}\`` +
          (names.shortNames === undefined ? '' : `, short name${names.shortNames.length > 1 ? 's' : ''} ${names.shortNames.map((s) => `\`${s}\``).join(', ')}`) +
          (names.categories === undefined ? '' : `, categories ${names.categories.map((c) => `\`${c}\``).join(', ')}`) +
          '.',
        '',
        root.description ?? '',
      ].join('\n'),
    );
    const objectRules = (rootRules.get('') ?? []).map((r) => `- ${r.message ?? r.rule}`);
    if (objectRules.length > 0) sections.push(`Object rules:\n\n${objectRules.join('\n')}`);
    for (const part of ['spec', 'status'] as const) {
      const schema = root.properties?.[part];
      if (schema === undefined) continue;
      const rows: Row[] = [];
      const inherited = new Map<string, CelRule[]>();
      for (const [target, list] of rootRules) if (target !== '') inherited.set(target.slice(1), list);
      collect(schema, part, (root.required ?? []).includes(part), inherited, rows);
      sections.push(`#### ${part}\n\n${table(rows)}`);
    }
    const columns = version.additionalPrinterColumns ?? [];
    if (columns.length > 0) {
      sections.push(
        `#### kubectl get columns\n\n| Column | From | Shown |\n| --- | --- | --- |\n${columns
          .map((c) => `| ${c.name} | \`${c.jsonPath}\` | ${(c.priority ?? 0) === 0 ? 'always' : '`-o wide`'} |`)
          .join('\n')}`,
      );
    }
  }
  return `${GENERATED_BEGIN}\n\n${sections.join('\n\n')}\n\n${GENERATED_END}`;
}

/** `document` with its generated region replaced by `tables`; undefined when it has no region. */
export function withTables(document: string, tables: string): string | undefined {
  const begin = document.indexOf(GENERATED_BEGIN);
  const end = document.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) return undefined;
  return `${document.slice(0, begin)}${tables}${document.slice(end + GENERATED_END.length)}`;
}
