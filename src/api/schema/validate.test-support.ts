// Test support (not shipped): checks a value against a structural schema the way kube-apiserver's
// OpenAPI validation does (types, enums, patterns, bounds, required fields, list types). CEL rules
// are not evaluated here: they need the apiserver's CEL environment and are covered by the
// integration tests.
// Unknown fields are reported rather than pruned, because in our own code they always mean a typo.
import type { JsonValue, OpenApiSchema } from './openapi.js';

export interface SchemaViolation {
  /** JSON path of the offending value, e.g. `spec.ports[0].port`. */
  readonly path: string;
  readonly message: string;
}

export function validateAgainstSchema(schema: OpenApiSchema, value: unknown, path = ''): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  visit(schema, value, path, violations);
  return violations;
}

function visit(schema: OpenApiSchema, value: unknown, path: string, out: SchemaViolation[]): void {
  const report = (message: string): void => {
    out.push({ path: path === '' ? '<root>' : path, message });
  };
  if (value === null) {
    if (schema.nullable !== true) report('must not be null');
    return;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value !== 'string' && !Number.isInteger(value)) report('must be an integer or a string');
    return;
  }
  if (schema.type !== undefined && !hasType(schema.type, value)) {
    report(`must be of type ${schema.type}`);
    return;
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => sameJson(allowed, value))) {
    report(`must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`);
  }
  if (typeof value === 'string') checkString(schema, value, report);
  else if (typeof value === 'number') checkNumber(schema, value, report);
  else if (Array.isArray(value)) checkArray(schema, value, path, out, report);
  else if (typeof value === 'object') checkObject(schema, value as Record<string, unknown>, path, out, report);
}

function hasType(type: NonNullable<OpenApiSchema['type']>, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

const patternCache = new Map<string, RegExp>();

function compiledPattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(pattern, 'u');
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

// RFC 3339 as Kubernetes writes timestamps (metav1.Time): seconds precision or finer, Z or an offset.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u;

function checkString(schema: OpenApiSchema, value: string, report: (message: string) => void): void {
  // The apiserver counts characters (runes), not UTF-16 code units or grapheme clusters.
  const length = Array.from(value).length;
  if (schema.minLength !== undefined && length < schema.minLength) report(`must have at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined && length > schema.maxLength) report(`must have at most ${schema.maxLength} characters`);
  if (schema.pattern !== undefined && !compiledPattern(schema.pattern).test(value)) report(`must match ${schema.pattern}`);
  if (schema.format === 'date-time' && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    report('must be an RFC 3339 date-time');
  }
}

function checkNumber(schema: OpenApiSchema, value: number, report: (message: string) => void): void {
  if (schema.minimum !== undefined && value < schema.minimum) report(`must be at least ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) report(`must be at most ${schema.maximum}`);
}

function checkArray(
  schema: OpenApiSchema,
  value: readonly unknown[],
  path: string,
  out: SchemaViolation[],
  report: (message: string) => void,
): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) report(`must have at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined && value.length > schema.maxItems) report(`must have at most ${schema.maxItems} items`);
  const items = schema.items;
  if (items !== undefined) value.forEach((item, index) => { visit(items, item, `${path}[${index}]`, out); });

  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const identity = (item: unknown): string =>
      listType === 'set' ? JSON.stringify(item) : JSON.stringify(keys.map((key) => fieldOf(item, key) ?? null));
    const seen = new Set<string>();
    for (const item of value) {
      const id = identity(item);
      if (seen.has(id)) report(`has a duplicate entry ${id}`);
      seen.add(id);
    }
  }
}

function checkObject(
  schema: OpenApiSchema,
  value: Record<string, unknown>,
  path: string,
  out: SchemaViolation[],
  report: (message: string) => void,
): void {
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) report(`requires field ${name}`);
  }
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  if (schema.minProperties !== undefined && entries.length < schema.minProperties) {
    report(`must have at least ${schema.minProperties} fields`);
  }
  for (const [name, field] of entries) {
    const fieldPath = path === '' ? name : `${path}.${name}`;
    const fieldSchema = properties[name];
    if (path === '' && name === 'metadata') {
      // ObjectMeta is validated by the apiserver itself, not by the CRD schema.
      if (!hasType('object', field)) out.push({ path: fieldPath, message: 'must be of type object' });
    } else if (fieldSchema !== undefined) {
      visit(fieldSchema, field, fieldPath, out);
    } else if (typeof schema.additionalProperties === 'object') {
      visit(schema.additionalProperties, field, fieldPath, out);
    } else if (schema.additionalProperties !== true && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.push({ path: fieldPath, message: 'is not a known field (the apiserver would drop it)' });
    }
  }
}

function fieldOf(item: unknown, key: string): unknown {
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
}

function sameJson(a: JsonValue, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
