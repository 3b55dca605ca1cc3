import { describe, expect, it } from '@jest/globals';
import { immutableField, immutableOnceSet } from './cel-rules.js';

describe('CEL transition rules', () => {
  it('guards every level of a nested optional path', () => {
    expect(immutableOnceSet('status.cidr', 'm')).toEqual({
      rule: '!has(oldSelf.status) || !has(oldSelf.status.cidr) || (has(self.status) && has(self.status.cidr) && self.status.cidr == oldSelf.status.cidr)',
      message: 'm',
      fieldPath: '.status.cidr',
      reason: 'FieldValueForbidden',
    });
  });

  it('guards a direct child', () => {
    expect(immutableOnceSet('cidr', 'm').rule).toBe('!has(oldSelf.cidr) || (has(self.cidr) && self.cidr == oldSelf.cidr)');
  });

  it('compares a required field with its old value', () => {
    expect(immutableField('m')).toEqual({ rule: 'self == oldSelf', message: 'm', reason: 'FieldValueForbidden' });
  });
});
