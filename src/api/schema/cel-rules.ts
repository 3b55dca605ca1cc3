// CEL rule builders for the transition rules every kind needs. A rule on an optional field only
// runs when the field exists in both the old and the new object, so "may be set once, never changed
// or removed" has to live on an ancestor that always exists and test presence itself.
import type { CelRule } from './openapi.js';

/** On a required field itself: the value can never change after creation. */
export function immutableField(message: string): CelRule {
  return { rule: 'self == oldSelf', message, reason: 'FieldValueForbidden' };
}

/**
 * On an ancestor (object or root) of an optional field at `path` (dot-separated, relative to that
 * ancestor): the field may be added later, but once set it can be neither changed nor removed.
 */
export function immutableOnceSet(path: string, message: string): CelRule {
  const segments = path.split('.');
  const prefixes = segments.map((_, index) => segments.slice(0, index + 1).join('.'));
  const oldAbsent = prefixes.map((prefix) => `!has(oldSelf.${prefix})`).join(' || ');
  const newPresent = prefixes.map((prefix) => `has(self.${prefix})`).join(' && ');
  return {
    rule: `${oldAbsent} || (${newPresent} && self.${path} == oldSelf.${path})`,
    message,
    fieldPath: `.${path}`,
    reason: 'FieldValueForbidden',
  };
}
