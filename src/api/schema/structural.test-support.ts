// Finds what would make kube-apiserver reject a CRD schema as non-structural (or reject its
// defaults and list types), plus, for our own CRDs, the house rules that keep CEL cost estimates
// bounded and `kubectl explain` useful. Returns readable problems; empty means fine.
import type { OpenApiSchema } from './openapi.js';
import { validateAgainstSchema } from './validate.test-support.js';

export interface StructuralCheckOptions {
  /**
   * House rules for schemas we design (not for faithful copies of upstream CRDs): every string has
   * a maxLength (or is an enum or a timestamp), every array a maxItems, every property a
   * description, every CEL rule a message.
   */
  readonly ownSchemaRules: boolean;
}

export function findStructuralProblems(root: OpenApiSchema, options: StructuralCheckOptions): string[] {
  const problems: string[] = [];
  if (root.type !== 'object') problems.push('<root>: must be of type object');
  const metadata = root.properties?.metadata;
  if (metadata !== undefined) {
    const allowed = new Set(['name', 'generateName']);
    const extra = Object.keys(metadata.properties ?? {}).filter((key) => !allowed.has(key));
    if (extra.length > 0) problems.push(`metadata: may only constrain name and generateName, not ${extra.join(', ')}`);
  }
  visit(root, '<root>', options, problems);
  return problems;
}

function visit(schema: OpenApiSchema, path: string, options: StructuralCheckOptions, out: string[]): void {
  const problem = (message: string): void => {
    out.push(`${path}: ${message}`);
  };
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserveUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (schema.type === undefined && !intOrString && !preserveUnknown) problem('has no type');

  const hasProperties = schema.properties !== undefined;
  if (hasProperties && schema.additionalProperties !== undefined) problem('has both properties and additionalProperties');
  if ((hasProperties || schema.required !== undefined) && schema.type !== 'object') problem('has properties but is not an object');
  if (schema.type === 'array' && schema.items === undefined) problem('is an array without items');
  if (schema.items !== undefined && schema.type !== 'array') problem('has items but is not an array');
  for (const name of schema.required ?? []) {
    if (schema.properties?.[name] === undefined) problem(`requires ${name}, which is not a property`);
  }

  checkValues(schema, problem);
  checkListType(schema, problem);
  if (options.ownSchemaRules) checkOwnRules(schema, path, problem);

  for (const [name, child] of Object.entries(schema.properties ?? {})) visit(child, `${path}.${name}`, options, out);
  if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${path}{}`, options, out);
  if (schema.items !== undefined) visit(schema.items, `${path}[]`, options, out);
}

/** Defaults and enum values must themselves be valid, or the apiserver refuses the CRD. */
function checkValues(schema: OpenApiSchema, problem: (message: string) => void): void {
  if (schema.default !== undefined) {
    for (const violation of validateAgainstSchema(schema, schema.default)) problem(`default ${violation.message}`);
  }
  const { enum: values, ...rest } = schema;
  for (const value of values ?? []) {
    for (const violation of validateAgainstSchema(rest, value)) problem(`enum value ${JSON.stringify(value)} ${violation.message}`);
  }
}

function checkListType(schema: OpenApiSchema, problem: (message: string) => void): void {
  const listType = schema['x-kubernetes-list-type'];
  const keys = schema['x-kubernetes-list-map-keys'];
  if (listType === undefined) {
    if (keys !== undefined) problem('has list-map-keys without list-type map');
    return;
  }
  if (schema.type !== 'array') problem('has a list-type but is not an array');
  const items = schema.items;
  if (listType === 'set' && items !== undefined && (items.type === 'object' || items.type === 'array')) {
    problem('is a set of non-scalar items');
  }
  if (listType !== 'map') {
    if (keys !== undefined) problem('has list-map-keys but is not a map list');
    return;
  }
  if (items?.type !== 'object') problem('is a map list whose items are not objects');
  if (keys === undefined || keys.length === 0) {
    problem('is a map list without list-map-keys');
    return;
  }
  for (const key of keys) {
    const keySchema = items?.properties?.[key];
    if (keySchema === undefined) problem(`map key ${key} is not a property of the items`);
    else if (!(items?.required ?? []).includes(key) && keySchema.default === undefined) {
      problem(`map key ${key} must be required or have a default`);
    }
  }
}

function checkOwnRules(schema: OpenApiSchema, path: string, problem: (message: string) => void): void {
  const atRoot = path === '<root>';
  const isApiField = /^<root>\.(apiVersion|kind|metadata)$/u.test(path);
  if (!atRoot && !isApiField && schema.description === undefined) problem('has no description');
  if (schema.type === 'string' && schema.maxLength === undefined && schema.enum === undefined && schema.format !== 'date-time' && !isApiField) {
    problem('is a string without maxLength (CEL cost estimates need one)');
  }
  if (schema.type === 'array' && schema.maxItems === undefined) problem('is an array without maxItems (CEL cost estimates need one)');
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (rule.rule.trim() === '') problem('has an empty CEL rule');
    if (rule.message === undefined && rule.messageExpression === undefined) problem(`CEL rule "${rule.rule}" has no message`);
  }
}
