// Applies a structural schema's `default`s the way kube-apiserver does, so code that builds or reads
// objects outside the apiserver (tests, the CLI, objects from an older cache) sees the same values.
// Rules mirrored: defaults fill absent fields of objects that are present; `null` in a non-nullable
// field counts as absent; array items and map values are defaulted too; the input is never mutated.
import type { Schema } from './builder.js';
import type { JsonValue, OpenApiSchema } from './openapi.js';

export function applySchemaDefaults(schema: OpenApiSchema, value: unknown): unknown {
  if (Array.isArray(value)) {
    const list: readonly unknown[] = value;
    const items = schema.items;
    return list.map((item) => (items === undefined ? item : applySchemaDefaults(items, item)));
  }
  if (!isPlainObject(value)) return value;

  const properties = schema.properties ?? {};
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = properties[key] ?? additional;
    if (field === null && fieldSchema !== undefined && fieldSchema.nullable !== true) continue;
    result[key] = fieldSchema === undefined ? field : applySchemaDefaults(fieldSchema, field);
  }
  for (const [key, fieldSchema] of Object.entries(properties)) {
    if (result[key] === undefined && fieldSchema.default !== undefined) {
      result[key] = applySchemaDefaults(fieldSchema, cloneJson(fieldSchema.default));
    }
  }
  return result;
}

/** Typed form: a value as written in, the defaulted shape out. */
export function withSchemaDefaults<In, Out>(schema: Schema<In, Out>, value: In): Out {
  // The walk above fills exactly the fields that `InferDefaulted` marks as present.
  return applySchemaDefaults(schema.openApi, value) as Out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cloneJson(value: JsonValue): unknown {
  return structuredClone(value);
}
