// The subset of OpenAPI v3 that CustomResourceDefinitions accept (apiextensions.k8s.io/v1
// JSONSchemaProps), in wire form: `default`, `enum` and the `x-kubernetes-*` extensions keep their
// real names here, unlike the generated client-node classes, so these objects can be written to YAML
// or sent as JSON unchanged.

/** One CEL rule (`x-kubernetes-validations` item). */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  /** Where the error is reported, relative to the node that carries the rule (e.g. `.cidr`). */
  readonly fieldPath?: string;
  readonly reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  /** Let a transition rule run with `oldSelf` absent (k8s ≥1.30); we prefer rules on the parent. */
  readonly optionalOldSelf?: boolean;
}

export type OpenApiType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** A JSON value as it appears in a schema's `default` or `enum`. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface OpenApiSchema {
  readonly type?: OpenApiType;
  readonly description?: string;
  readonly format?: string;
  readonly default?: JsonValue;
  readonly enum?: readonly JsonValue[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly items?: OpenApiSchema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-validations'?: readonly CelRule[];
}
