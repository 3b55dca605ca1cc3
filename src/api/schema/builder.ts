// A small typed builder for CRD schemas: each builder returns the OpenAPI node together with the
// TypeScript type of the values it accepts, so a kind's schema and its types come from one
// definition and cannot drift. Two types travel with every node: `Infer` is what a client may write
// (fields with a default are optional) and `InferDefaulted` is what the apiserver stores after
// defaulting (those fields are present).
import type { CelRule, OpenApiSchema } from './openapi.js';

export interface Schema<In, Out = In> {
  readonly openApi: OpenApiSchema;
  /** Phantom: never set at run time, only carries the written type. */
  readonly __in?: In;
  /** Phantom: never set at run time, only carries the defaulted type. */
  readonly __out?: Out;
}

export type AnySchema = Schema<unknown, unknown>;
export type Infer<S> = S extends Schema<infer In, unknown> ? In : never;
export type InferDefaulted<S> = S extends Schema<unknown, infer Out> ? Out : never;

type Presence = 'required' | 'optional' | 'defaulted';

export interface Prop<S extends AnySchema, P extends Presence> {
  readonly schema: S;
  readonly presence: P;
}

export type PropMap = Readonly<Record<string, Prop<AnySchema, Presence>>>;

type KeysWith<P extends PropMap, X extends Presence> = {
  [K in keyof P]: P[K]['presence'] extends X ? K : never;
}[keyof P];

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type ObjectIn<P extends PropMap> = Simplify<
  { readonly [K in KeysWith<P, 'required'>]: Infer<P[K]['schema']> } & {
    readonly [K in KeysWith<P, 'optional' | 'defaulted'>]?: Infer<P[K]['schema']>;
  }
>;

export type ObjectOut<P extends PropMap> = Simplify<
  { readonly [K in KeysWith<P, 'required' | 'defaulted'>]: InferDefaulted<P[K]['schema']> } & {
    readonly [K in KeysWith<P, 'optional'>]?: InferDefaulted<P[K]['schema']>;
  }
>;

interface Common {
  readonly description?: string;
  /** CEL rules evaluated on this node (`self`; `oldSelf` in transition rules). */
  readonly rules?: readonly CelRule[];
}

export interface StringOptions extends Common {
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
}

export interface IntegerOptions extends Common {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: 'int32' | 'int64';
}

export interface ArrayOptions extends Common {
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
}

export interface ObjectOptions extends Common {
  readonly minProperties?: number;
}

// Both copy only the options that are set, so the rendered YAML has no `undefined` holes; rules go
// last in every node so the YAML reads type, description, constraints, rules.
function describe(options: Common): OpenApiSchema {
  return options.description === undefined ? {} : { description: options.description };
}

function celRules(options: Common): OpenApiSchema {
  return options.rules === undefined || options.rules.length === 0 ? {} : { 'x-kubernetes-validations': options.rules };
}

function node<In, Out = In>(openApi: OpenApiSchema): Schema<In, Out> {
  return { openApi };
}

export function string(options: StringOptions = {}): Schema<string> {
  return node({
    type: 'string',
    ...describe(options),
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.pattern === undefined ? {} : { pattern: options.pattern }),
    ...(options.minLength === undefined ? {} : { minLength: options.minLength }),
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
    ...celRules(options),
  });
}

export function stringEnum<const T extends readonly string[]>(values: T, options: Common = {}): Schema<T[number]> {
  return node({ type: 'string', ...describe(options), enum: values, ...celRules(options) });
}

export function integer(options: IntegerOptions = {}): Schema<number> {
  return node({
    type: 'integer',
    ...describe(options),
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.minimum === undefined ? {} : { minimum: options.minimum }),
    ...(options.maximum === undefined ? {} : { maximum: options.maximum }),
    ...celRules(options),
  });
}

export function boolean(options: Common = {}): Schema<boolean> {
  return node({ type: 'boolean', ...describe(options), ...celRules(options) });
}

export function array<In, Out>(items: Schema<In, Out>, options: ArrayOptions = {}): Schema<readonly In[], readonly Out[]> {
  return node({
    type: 'array',
    ...describe(options),
    ...(options.minItems === undefined ? {} : { minItems: options.minItems }),
    ...(options.maxItems === undefined ? {} : { maxItems: options.maxItems }),
    ...(options.listType === undefined ? {} : { 'x-kubernetes-list-type': options.listType }),
    ...(options.listMapKeys === undefined ? {} : { 'x-kubernetes-list-map-keys': options.listMapKeys }),
    items: items.openApi,
    ...celRules(options),
  });
}

export function object<P extends PropMap>(props: P, options: ObjectOptions = {}): Schema<ObjectIn<P>, ObjectOut<P>> {
  const properties: Record<string, OpenApiSchema> = {};
  const required: string[] = [];
  for (const [name, prop] of Object.entries(props)) {
    properties[name] = prop.schema.openApi;
    if (prop.presence === 'required') required.push(name);
  }
  return node({
    type: 'object',
    ...describe(options),
    ...(options.minProperties === undefined ? {} : { minProperties: options.minProperties }),
    properties,
    ...(required.length === 0 ? {} : { required }),
    ...celRules(options),
  });
}

/**
 * `type: object` with no properties: the apiserver prunes everything inside, so the only value it
 * keeps is `{}` (upstream KubeSphere declares `status` like this).
 */
export function emptyObject(options: Common = {}): Schema<Readonly<Record<string, never>>> {
  return node({ type: 'object', ...describe(options), ...celRules(options) });
}

export function required<S extends AnySchema>(schema: S): Prop<S, 'required'> {
  return { schema, presence: 'required' };
}

export function optional<S extends AnySchema>(schema: S): Prop<S, 'optional'> {
  return { schema, presence: 'optional' };
}

/** An optional field that the apiserver fills with `value` when it is absent. */
export function defaulted<T extends string | number | boolean>(
  schema: Schema<T>,
  value: NoInfer<T>,
): Prop<Schema<T>, 'defaulted'> {
  return { schema: node({ ...schema.openApi, default: value }), presence: 'defaulted' };
}

/** Adds CEL rules to an existing node (e.g. rules that compare fields of an object). */
export function withRules<In, Out>(schema: Schema<In, Out>, rules: readonly CelRule[]): Schema<In, Out> {
  const existing = schema.openApi['x-kubernetes-validations'] ?? [];
  return node({ ...schema.openApi, 'x-kubernetes-validations': [...existing, ...rules] });
}
