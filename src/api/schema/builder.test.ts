import { describe, expect, it } from '@jest/globals';
import {
  array,
  boolean,
  defaulted,
  emptyObject,
  integer,
  object,
  optional,
  required,
  string,
  stringEnum,
  withRules,
  type Infer,
  type InferDefaulted,
} from './builder.js';

const sample = object(
  {
    name: required(string({ maxLength: 10 })),
    mode: defaulted(stringEnum(['A', 'B']), 'A'),
    count: optional(integer({ minimum: 0 })),
    items: optional(array(object({ on: defaulted(boolean(), true) }), { maxItems: 3 })),
  },
  { description: 'sample', rules: [{ rule: 'true', message: 'never' }] },
);

describe('schema builder', () => {
  it('renders properties in order, lists only required fields as required, and stores defaults', () => {
    expect(Object.keys(sample.openApi.properties ?? {})).toEqual(['name', 'mode', 'count', 'items']);
    expect(sample.openApi.required).toEqual(['name']);
    expect(sample.openApi.properties?.mode).toEqual({ type: 'string', enum: ['A', 'B'], default: 'A' });
    expect(sample.openApi.properties?.items?.items?.properties?.on?.default).toBe(true);
    expect(sample.openApi['x-kubernetes-validations']).toEqual([{ rule: 'true', message: 'never' }]);
  });

  it('omits unset options instead of writing undefined', () => {
    const rendered = JSON.stringify(string());
    expect(rendered).toBe('{"openApi":{"type":"string"}}');
    expect(object({}).openApi).toEqual({ type: 'object', properties: {} });
    expect(emptyObject().openApi).toEqual({ type: 'object' });
  });

  it('appends rules with withRules without touching the original node', () => {
    const base = string({ rules: [{ rule: 'a', message: 'a' }] });
    const extended = withRules(base, [{ rule: 'b', message: 'b' }]);
    expect(extended.openApi['x-kubernetes-validations']?.map((r) => r.rule)).toEqual(['a', 'b']);
    expect(base.openApi['x-kubernetes-validations']?.map((r) => r.rule)).toEqual(['a']);
  });

  it('infers the written and the defaulted TypeScript types', () => {
    // Compile-time checks: these lines fail `tsc` if the inferred types drift from the schema.
    const written: Infer<typeof sample> = { name: 'x' };
    const full: InferDefaulted<typeof sample> = { name: 'x', mode: 'B', items: [{ on: false }] };
    // @ts-expect-error name is required
    const missingName: Infer<typeof sample> = { mode: 'A' };
    // @ts-expect-error mode is present after defaulting
    const missingDefault: InferDefaulted<typeof sample> = { name: 'x' };
    // @ts-expect-error C is not in the enum
    const badEnum: Infer<typeof sample> = { name: 'x', mode: 'C' };
    // @ts-expect-error the default must be a value of the enum
    defaulted(stringEnum(['A', 'B']), 'C');
    expect([written, full, missingName, missingDefault, badEnum]).toHaveLength(5);
  });
});
